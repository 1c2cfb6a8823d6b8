/**
 * Provider configuration and authentication problems, told apart from problems of a resource's inputs: a check
 * reports them without a property (the engine renders "resource '<name>' has a problem: ...") and names the config
 * keys to fix, since they would only repeat on every further call.
 */
import { loadClientCertificate, type ClientCertificate } from "../client/certificate";
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
    if (
        e instanceof Error &&
        /credentials are (not configured|incomplete)|partnercenter:\w+ (and partnercenter:\w+ )?must/.test(e.message)
    ) {
        return `provider configuration: ${e.message}`;
    }
    return undefined;
}

function authenticationMessage(e: PartnerCenterError): string {
    const certificate = configuredCertificate();
    const appCredential = certificate
        ? `partnercenter:clientCertificate (is the certificate with thumbprint ${certificate.thumbprint} uploaded to ` +
          "the app registration's Certificates & secrets, and not expired there?)"
        : "partnercenter:clientSecret";
    const keys =
        e.code === "invalid_client" || e.code === "unauthorized_client"
            ? `partnercenter:clientId / ${appCredential}`
            : e.code === "invalid_grant"
              ? `partnercenter:refreshToken (or ${appCredential})`
              : `partnercenter:tenantId, clientId, ${certificate ? "clientCertificate" : "clientSecret"}, refreshToken`;
    return (
        `Partner Center authentication failed: the token endpoint rejected the configured credentials ` +
        `(${e.code ?? e.status}); check ${keys}. Nothing was created. (${e.message})`
    );
}

/** The configured certificate credential, loaded (for its thumbprint), if one is configured and loads. */
function configuredCertificate(): ClientCertificate | undefined {
    try {
        const source = settings().appOnlyCredentials?.clientCertificate;
        return source ? loadClientCertificate(source) : undefined;
    } catch {
        return undefined;
    }
}

/** A problem with the provider's own configuration (a config key), not with an input of the resource. */
export class ConfigurationError extends Error {
    override readonly name = "ConfigurationError";
}
