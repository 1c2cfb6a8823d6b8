/**
 * The one way this package builds a Partner Center client from settings (provider host and program functions).
 */
import { createPartnerCenterClient } from "../client/client";
import type { ClientEvent, PartnerCenterClient } from "../client/types";
import { credentialsProblem, type ProviderSettings } from "./settings";

export function clientFromSettings(
    settings: ProviderSettings,
    onEvent?: (event: ClientEvent) => void,
): PartnerCenterClient {
    if (!settings.credentials) {
        throw new Error(credentialsProblem(settings.credentialKeysSet));
    }
    return createPartnerCenterClient({
        apiBase: settings.endpoints.apiBase,
        authority: settings.endpoints.authority,
        resource: settings.endpoints.resource,
        credentials: settings.credentials,
        pacing: settings.pacing,
        retry: settings.retry,
        ...(settings.locale ? { locale: settings.locale } : {}),
        ...(onEvent ? { onEvent } : {}),
    });
}
