/**
 * Provider configuration and authentication problems, told apart from problems of a resource's inputs: a check
 * reports them without a property (the engine renders "resource '<name>' has a problem: ...") and names the config
 * keys to fix, since they would only repeat on every further call.
 */
import { isPartnerCenterError, type PartnerCenterError } from "../client/errors";
import { unhealableNetworkHint } from "../client/retry";
import { settings } from "./runtime";

/** The message of a failure that is a provider configuration or authentication problem, else undefined. */
export function configurationCulprit(e: unknown): string | undefined {
    if (e instanceof ConfigurationError) {
        return e.message;
    }
    if (isPartnerCenterError(e) && e.kind === "network" && e.networkCode !== undefined) {
        if (unhealableNetworkHint(e.networkCode) !== undefined || e.networkCode === "ECONNREFUSED") {
            return `Partner Center cannot be reached at ${settings().endpoints.apiBase} (partnercenter:endpoint): ${e.message}`;
        }
    }
    if (isPartnerCenterError(e) && e.operation === "acquireToken" && e.kind === "http") {
        return authenticationMessage(e);
    }
    if (e instanceof Error && /credentials are (not configured|incomplete)|partnercenter:\w+ must be/.test(e.message)) {
        return `provider configuration: ${e.message}`;
    }
    return undefined;
}

function authenticationMessage(e: PartnerCenterError): string {
    const keys =
        e.code === "invalid_client" || e.code === "unauthorized_client"
            ? "partnercenter:clientId / partnercenter:clientSecret"
            : e.code === "invalid_grant"
              ? "partnercenter:refreshToken (or partnercenter:clientSecret)"
              : "partnercenter:tenantId, clientId, clientSecret, refreshToken";
    return (
        `Partner Center authentication failed: the token endpoint rejected the configured credentials ` +
        `(${e.code ?? e.status}); check ${keys}. Nothing was created. (${e.message})`
    );
}

/** A problem with the provider's own configuration (a config key), not with an input of the resource. */
export class ConfigurationError extends Error {
    override readonly name = "ConfigurationError";
}
