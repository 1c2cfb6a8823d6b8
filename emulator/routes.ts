/**
 * Routing: the shared operation specs (`pulumi-partnercenter/api`) plus the emulator's own routes.
 *
 * The API routes come from the same `operations` list the client uses, so a path or method changed in the contract
 * changes here too; the emulator only supplies a handler per operation name and refuses to start if one is missing.
 */
import { AnyOperation, matchPath, operations } from "pulumi-partnercenter/api";

import { getResellerAgreementStatus } from "./handlers/compliance";
import * as agreements from "./handlers/agreements";
import * as consents from "./handlers/consents";
import * as customers from "./handlers/customers";
import { checkDomainAvailability } from "./handlers/domains";
import { getCountryValidationRules } from "./handlers/countryRules";
import * as profiles from "./handlers/profiles";
import { listCustomerIndirectResellers, listIndirectResellers } from "./handlers/relationships";
import { Handler } from "./handlers/types";
import { validateAddress } from "./handlers/validations";

/** Handler per operation spec name. */
export const handlers: Readonly<Record<string, Handler>> = {
    createCustomer: customers.createCustomer,
    getCustomer: customers.getCustomer,
    listCustomers: customers.listCustomers,
    updateCustomerRelationship: customers.updateCustomerRelationship,
    deleteCustomer: customers.deleteCustomer,
    getCompanyProfile: profiles.getCompanyProfile,
    getBillingProfile: profiles.getBillingProfile,
    updateBillingProfile: profiles.updateBillingProfile,
    checkDomainAvailability,
    listIndirectResellers,
    listCustomerIndirectResellers,
    getCountryValidationRules,
    validateAddress,
    getResellerAgreementStatus,
    createEnhancedAttestation: agreements.createEnhancedAttestation,
    getEnhancedAttestation: agreements.getEnhancedAttestation,
    createCustomerAgreement: agreements.createCustomerAgreement,
    listCustomerAgreements: agreements.listCustomerAgreements,
    listAgreementTemplates: agreements.listAgreementTemplates,
    getDirectSignedCustomerAgreementStatus: agreements.getDirectSignedCustomerAgreementStatus,
    getAgreementDocument: agreements.getAgreementDocument,
    createApplicationConsent: consents.createApplicationConsent,
    listApplicationConsents: consents.listApplicationConsents,
    getApplicationConsent: consents.getApplicationConsent,
    deleteApplicationConsent: consents.deleteApplicationConsent,
};

/** Throws at startup when the contract gained an operation the emulator does not serve. */
export function assertAllOperationsHandled(): void {
    const missing = operations.filter((spec) => handlers[spec.name] === undefined).map((spec) => spec.name);
    if (missing.length > 0) {
        throw new Error(`emulator has no handler for operation(s): ${missing.join(", ")}`);
    }
}

/**
 * Paths of the Entra ID endpoints: the v1 token endpoint `/{tenant}/oauth2/token`, and the v2 token and device
 * authorization endpoints `/{tenant}/oauth2/v2.0/token` and `/{tenant}/oauth2/v2.0/devicecode`.
 */
const OAUTH_PATH = /^\/([^/]+)\/oauth2\/(v2\.0\/)?(token|devicecode)\/?$/i;

/** Name used for the token endpoints in the request log and in fault `match.operation`. */
export const TOKEN_ROUTE = "token";
/** Name of the device authorization endpoint in the request log and fault rules. */
export const DEVICE_CODE_ROUTE = "devicecode";

export type ResolvedRoute =
    | { kind: "operation"; name: string; spec: AnyOperation; handler: Handler; params: Record<string, string> }
    | { kind: "token"; name: typeof TOKEN_ROUTE; tenant: string; version: "v1" | "v2" }
    | { kind: "devicecode"; name: typeof DEVICE_CODE_ROUTE; tenant: string }
    | { kind: "methodNotAllowed"; name: string; allowed: string[] }
    | { kind: "notFound"; name: "unknown" };

/** Resolve a request to a route. Pure: the pipeline needs the operation name before it decides anything. */
export function resolveRoute(method: string, pathname: string): ResolvedRoute {
    const oauth = OAUTH_PATH.exec(pathname);
    // v1 has a device authorization endpoint too, but only the v2 one is served (what `login` uses).
    if (oauth && oauth[1] !== undefined && !(oauth[3]?.toLowerCase() === "devicecode" && oauth[2] === undefined)) {
        const tenant = decodeURIComponent(oauth[1]);
        const devicecode = oauth[3]?.toLowerCase() === "devicecode";
        const name = devicecode ? DEVICE_CODE_ROUTE : TOKEN_ROUTE;
        if (method !== "POST") {
            return { kind: "methodNotAllowed", name, allowed: ["POST"] };
        }
        return devicecode
            ? { kind: "devicecode", name: DEVICE_CODE_ROUTE, tenant }
            : { kind: "token", name: TOKEN_ROUTE, tenant, version: oauth[2] ? "v2" : "v1" };
    }
    return matchOperation(operations, handlers, method, pathname) ?? { kind: "notFound", name: "unknown" };
}

/**
 * The operation a request names, in the specs' order: the first spec whose path and method match and that has a
 * handler; `methodNotAllowed` (named after the first spec with that path) when only the path matches; `undefined`
 * when no path does. Shared by the Partner Center and the Graph routes.
 */
export function matchOperation<Spec extends { name: string; method: string; path: string }, H>(
    specs: readonly Spec[],
    handlerOf: Readonly<Record<string, H>>,
    method: string,
    pathname: string,
):
    | { kind: "operation"; name: string; spec: Spec; handler: H; params: Record<string, string> }
    | { kind: "methodNotAllowed"; name: string; allowed: string[] }
    | undefined {
    const allowed: string[] = [];
    let firstPathMatch: string | undefined;
    for (const spec of specs) {
        const params = matchPath(spec.path, pathname);
        if (!params) {
            continue;
        }
        const handler = handlerOf[spec.name];
        if (spec.method === method && handler) {
            return { kind: "operation", name: spec.name, spec, handler, params };
        }
        firstPathMatch ??= spec.name;
        allowed.push(spec.method);
    }
    return firstPathMatch !== undefined ? { kind: "methodNotAllowed", name: firstPathMatch, allowed } : undefined;
}
