/**
 * Routing: the shared operation specs (`pulumi-partnercenter/api`) plus the emulator's own routes.
 *
 * The API routes come from the same `operations` list the client uses, so a path or method changed in the contract
 * changes here too; the emulator only supplies a handler per operation name and refuses to start if one is missing.
 */
import { AnyOperation, matchPath, operations } from "pulumi-partnercenter/api";

import { getResellerAgreementStatus } from "./handlers/compliance";
import * as agreements from "./handlers/agreements";
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
};

/** Throws at startup when the contract gained an operation the emulator does not serve. */
export function assertAllOperationsHandled(): void {
    const missing = operations.filter((spec) => handlers[spec.name] === undefined).map((spec) => spec.name);
    if (missing.length > 0) {
        throw new Error(`emulator has no handler for operation(s): ${missing.join(", ")}`);
    }
}

/** Path of the AAD v1 token endpoint, `/{tenant}/oauth2/token`. */
const TOKEN_PATH = /^\/([^/]+)\/oauth2\/token\/?$/i;

/** Name used for the token endpoint in the request log and in fault `match.operation`. */
export const TOKEN_ROUTE = "token";

export type ResolvedRoute =
    | { kind: "operation"; name: string; spec: AnyOperation; handler: Handler; params: Record<string, string> }
    | { kind: "token"; name: typeof TOKEN_ROUTE; tenant: string }
    | { kind: "methodNotAllowed"; name: string; allowed: string[] }
    | { kind: "notFound"; name: "unknown" };

/** Resolve a request to a route. Pure: the pipeline needs the operation name before it decides anything. */
export function resolveRoute(method: string, pathname: string): ResolvedRoute {
    const token = TOKEN_PATH.exec(pathname);
    if (token && token[1] !== undefined) {
        return method === "POST"
            ? { kind: "token", name: TOKEN_ROUTE, tenant: decodeURIComponent(token[1]) }
            : { kind: "methodNotAllowed", name: TOKEN_ROUTE, allowed: ["POST"] };
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
