/**
 * The one way this package builds a Partner Center client from settings (provider host and program functions).
 */
import { createPartnerCenterClient } from "../client/client";
import type { Pacer, PacerSelector } from "../client/pacing";
import type { ClientEvent, Credentials, FetchLike, PartnerCenterClient } from "../client/types";
import { credentialsProblem, missingAppOnlyCredentialsMessage, type ProviderSettings } from "./settings";

/** What either client is built from besides the credentials: events, a shared pacer, a replacement transport. */
interface ClientExtras {
    readonly onEvent?: ((event: ClientEvent) => void) | undefined;
    readonly pacer?: Pacer | PacerSelector | undefined;
    readonly fetch?: FetchLike | undefined;
}

/** One client for the settings' endpoints and policies with the given credentials (both grants share it). */
function clientWith(
    settings: ProviderSettings,
    credentials: Credentials,
    { onEvent, pacer, fetch }: ClientExtras,
): PartnerCenterClient {
    return createPartnerCenterClient({
        apiBase: settings.endpoints.apiBase,
        authority: settings.endpoints.authority,
        resource: settings.endpoints.resource,
        credentials,
        pacing: settings.pacing,
        ...(pacer ? { pacer } : {}),
        retry: settings.retry,
        ...(settings.locale ? { locale: settings.locale } : {}),
        ...(onEvent ? { onEvent } : {}),
        ...(fetch ? { fetch } : {}),
    });
}

/**
 * The App+User (refresh-token) client. `fetch` replaces the transport (the provider host passes its write-gated
 * one, see `engine-watchdog.ts`).
 */
export function clientFromSettings(
    settings: ProviderSettings,
    onEvent?: (event: ClientEvent) => void,
    pacer?: Pacer | PacerSelector,
    fetch?: FetchLike,
): PartnerCenterClient {
    if (!settings.credentials) {
        throw new Error(credentialsProblem(settings.credentialKeysSet));
    }
    return clientWith(settings, settings.credentials, { onEvent, pacer, fetch });
}

/**
 * The App-only (client-credentials) client: same endpoints and policies, token from the client-credentials grant.
 * Used for the operations whose spec says `auth: "appOnly"` (the enhanced MCA attestation).
 */
export function appOnlyClientFromSettings(
    settings: ProviderSettings,
    onEvent?: (event: ClientEvent) => void,
    pacer?: Pacer | PacerSelector,
    fetch?: FetchLike,
): PartnerCenterClient {
    if (!settings.appOnlyCredentials) {
        throw new Error(missingAppOnlyCredentialsMessage);
    }
    return clientWith(settings, settings.appOnlyCredentials, { onEvent, pacer, fetch });
}
