/**
 * Partner Center as the shared pipeline sees it: the `/v1/...` operations of `pulumi-partnercenter/api` and the
 * AAD token endpoint (`routes.ts`), ApiFault error bodies (`ErrorFactory`), `MS-RequestId` / `MS-CorrelationId`
 * ids, and the replay of mutating requests that repeat an `MS-RequestId`. It serves every path no other API owns.
 */
import { partnerCenterFamily, type ApiFamily } from "pulumi-partnercenter/api";
import { randomBytes } from "crypto";

import type TokenService from "./auth/TokenService";
import { operationRoute, type ApiErrors, type ApiRoute, type EmulatedApi } from "./EmulatedApi";
import ErrorFactory from "./errors/ErrorFactory";
import type { EmulatorEnvironment, HandlerResult } from "./handlers/types";
import { resolveRoute } from "./routes";

/** Fixed `MS-ServerId` (Partner Center sends a numeric server id such as `030020525`). */
export const SERVER_ID = "999000001";

/** Partner Center's errors for the shared steps. */
export const partnerCenterErrors: ApiErrors = {
    unauthenticated: ErrorFactory.unauthorized,
    wrongAudience: (tokenAudience, audience) =>
        ErrorFactory.unauthorized(`the access token is for '${tokenAudience}', not '${audience}'.`),
    throttled: ErrorFactory.throttled,
    internal: ErrorFactory.internal,
    payloadTooLarge: ErrorFactory.payloadTooLarge,
    invalidBody: ErrorFactory.invalidRequestBody,
    invalidProperty: ErrorFactory.invalidInput,
};

/** The Partner Center API for the shared pipeline; the last in line, it owns every path. */
export default class PartnerCenterApi implements EmulatedApi {
    public readonly requestIdHeader = "ms-requestid";
    public readonly errors = partnerCenterErrors;
    /** Unchecked: the emulator has always accepted any resource's token on Partner Center routes. */
    public readonly audience = undefined;
    public readonly replaysRepeatedRequests = true;

    constructor(private readonly deps: { env: EmulatorEnvironment; tokens: TokenService }) {}

    public owns(): boolean {
        return true;
    }

    public rateLimitFamilies(operation: string): ApiFamily[] {
        return [partnerCenterFamily(operation)];
    }

    public resolve(method: string, pathname: string): ApiRoute {
        const route = resolveRoute(method, pathname);
        switch (route.kind) {
            case "notFound":
                return { kind: "refused", name: route.name, error: ErrorFactory.notFound(pathname) };
            case "methodNotAllowed":
                return {
                    kind: "refused",
                    name: route.name,
                    error: ErrorFactory.methodNotAllowed(method, route.allowed),
                };
            case "token":
            case "devicecode":
                return {
                    kind: "credentials",
                    name: route.name,
                    exchange: (body) => {
                        const form = new URLSearchParams(body.toString("utf8"));
                        const result =
                            route.kind === "token"
                                ? this.deps.tokens.tokenEndpoint(route.tenant, form, route.version)
                                : this.deps.tokens.deviceCodeEndpoint(route.tenant, form);
                        return { ...result, headers: { "Cache-Control": "no-store" } };
                    },
                };
            case "operation":
                return operationRoute(route, (request) => ({ ...request, env: this.deps.env }));
        }
    }

    public envelope(result: HandlerResult, ids: { requestId: string; correlationId: string }) {
        return {
            body: result.body,
            headers: {
                "MS-RequestId": ids.requestId,
                "MS-CorrelationId": ids.correlationId,
                // Partner Center's correlation vector looks like `Yy/YaA0gYEmfQyR/.0`.
                "MS-CV": `${randomBytes(12).toString("base64")}.0`,
                "MS-ServerId": SERVER_ID,
                ...(result.body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
            },
        };
    }
}
