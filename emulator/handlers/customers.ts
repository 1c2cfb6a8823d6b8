/**
 * Customer operations: create, get, list, remove relationship (PATCH), delete.
 */
import type { CustomerCreateRequest, CustomerRelationshipPatch } from "pulumi-partnercenter/api";

import ErrorFactory from "../errors/ErrorFactory";
import { DelegatedAccess, StoredCustomer } from "../store/ICustomerStore";
import { validateCreate } from "../validation/customerRules";
import { newEtag, newId, newPassword } from "./ids";
import { EmulatorEnvironment, HandlerContext, HandlerResult } from "./types";
import { createdCustomerView, customerListItemView, customerView, relationshipRemovedView } from "./views";

/** Whether a domain belongs to a stored customer or a seeded tenant (case-insensitive). */
export function isDomainTaken(env: EmulatorEnvironment, domain: string): boolean {
    const wanted = domain.toLowerCase();
    return (
        env.store.findByDomain(domain) !== undefined ||
        env.seed.knownTenants.some((t) => t.domain?.toLowerCase() === wanted)
    );
}

/**
 * Customers counted against the sandbox quota: all of them. Removing the relationship in the sandbox deletes the
 * customer ("Remove Reseller Relationship will call Delete customer API"), which regains the quota.
 */
const quotaUsage = (env: EmulatorEnvironment): number => env.store.count();

/**
 * Load a customer for a by-id read or write. Unknown customers and customers younger than the configured
 * read-after-create lag both answer 404 with the text Partner Center sends in that window (Partner-Center-Java#57).
 */
export function loadCustomer(ctx: HandlerContext<unknown>): StoredCustomer {
    const id = ctx.params["customerId"] ?? "";
    const customer = ctx.env.store.get(id);
    const lag = ctx.env.settings.readAfterCreateLagMs;
    if (!customer || (lag > 0 && ctx.env.now() - customer.createdAtMs < lag)) {
        throw ErrorFactory.customerNotFound(id);
    }
    return customer;
}

/**
 * What a create grants, per the GDAP FAQ ("What are the timelines for Stop DAP and grant Default GDAP with creation
 * of a new customer?"), as of today's rows: production from 2023-11-01 and the sandbox from 2023-09-25.
 *
 * | `enableGDAPByDefault` | production                | integration sandbox       |
 * |-----------------------|---------------------------|---------------------------|
 * | `true`                | default GDAP, no DAP      | default GDAP, no DAP      |
 * | `false`               | neither                   | neither                   |
 * | absent                | default GDAP, no DAP      | DAP, no GDAP              |
 */
export function delegatedAccessAtCreation(enableGDAPByDefault: boolean | undefined, sandbox: boolean): DelegatedAccess {
    if (enableGDAPByDefault === true) {
        return "defaultGdap";
    }
    if (enableGDAPByDefault === false) {
        return "none";
    }
    return sandbox ? "dap" : "defaultGdap";
}

/** `POST /v1/customers` -> 201 with the seed's response shape. Checks run cheapest-first, state checks last. */
export function createCustomer(ctx: HandlerContext<CustomerCreateRequest>): HandlerResult {
    const input = validateCreate(ctx.body);
    const env = ctx.env;
    let associatedPartnerId: string | undefined;
    if (input.associatedPartnerId !== undefined) {
        const wanted = input.associatedPartnerId.toLowerCase();
        const reseller = env.seed.indirectResellers.find(
            (r) => r.id.toLowerCase() === wanted && r.state.toLowerCase() === "active",
        );
        if (!reseller) {
            throw ErrorFactory.resellerRelationshipMissing(input.associatedPartnerId);
        }
        if (!reseller.mpaAccepted) {
            throw ErrorFactory.mpaNotAccepted(reseller.id);
        }
        associatedPartnerId = reseller.id;
    }
    if (isDomainTaken(env, input.domain)) {
        throw ErrorFactory.domainNotAvailable(input.domain);
    }
    if (env.quota > 0 && quotaUsage(env) >= env.quota) {
        throw ErrorFactory.sandboxLimit(env.quota);
    }
    const id = newId();
    const customer = env.store.insert({
        id,
        // For customers of indirect resellers the seed shows commerceId === id; the emulator uses that for all.
        commerceId: id,
        createdAtMs: env.now(),
        domain: input.domain,
        companyName: input.billing.companyName,
        ...(input.organizationRegistrationNumber !== undefined
            ? { organizationRegistrationNumber: input.organizationRegistrationNumber }
            : {}),
        billing: { id: newId(), ...input.billing, etag: newEtag() },
        // The indirect-reseller sample answers "reseller"; the direct-create sample (create-a-customer) "none".
        relationshipToPartner: associatedPartnerId !== undefined ? "reseller" : "none",
        ...(associatedPartnerId !== undefined ? { associatedPartnerId } : {}),
        delegatedAccess: delegatedAccessAtCreation(input.enableGDAPByDefault, env.settings.sandbox),
    });
    return { status: 201, body: createdCustomerView(customer, newPassword()) };
}

/** `GET /v1/customers/{customerId}`. */
export function getCustomer(ctx: HandlerContext<undefined>): HandlerResult {
    return { status: 200, body: withoutReseller(ctx, customerView(loadCustomer(ctx))) };
}

/** The `omitAssociatedPartnerId` setting: the answer without the (undocumented) reseller field. */
function withoutReseller<T extends object>(ctx: HandlerContext<unknown>, view: T): T {
    if (!ctx.env.settings.omitAssociatedPartnerId) {
        return view;
    }
    const { associatedPartnerId: _omitted, ...rest } = view as T & { associatedPartnerId?: unknown };
    return rest as T;
}

/**
 * `PATCH /v1/customers/{customerId}` with `relationshipToPartner: "none"`, the only documented change. The answer
 * is the documentation's sample, verbatim in shape: PascalCase keys, `"Id": null`, every field null except
 * `RelationshipToPartner` and `Attributes` (remove-a-reseller-relationship-with-a-customer).
 *
 * Production: the customer stays (its tenant survives), marked "none". Integration sandbox: "Remove Reseller
 * Relationship will call Delete customer API. This will remove the relationship as well as delete the customer
 * tenant" (sandbox-scenario), so the customer is deleted: domain and quota are freed, later reads answer 404.
 */
export function updateCustomerRelationship(ctx: HandlerContext<CustomerRelationshipPatch>): HandlerResult {
    if (ctx.body.relationshipToPartner.toLowerCase() !== "none") {
        throw ErrorFactory.invalidInput("relationshipToPartner", "the only supported change is to 'none'");
    }
    const customer = loadCustomer(ctx);
    if (ctx.env.settings.sandbox) {
        ctx.env.store.delete(customer.id);
    } else {
        customer.relationshipToPartner = "none";
        ctx.env.store.update(customer);
    }
    return { status: 200, body: relationshipRemovedView() };
}

/** `DELETE /v1/customers/{customerId}`: 204 in the integration sandbox (frees the domain and the quota), else 403. */
export function deleteCustomer(ctx: HandlerContext<undefined>): HandlerResult {
    if (!ctx.env.settings.sandbox) {
        throw ErrorFactory.deleteNotAllowed();
    }
    const customer = loadCustomer(ctx);
    ctx.env.store.delete(customer.id);
    return { status: 204 };
}

/** Page size when `size` is absent or 0 (the reseller-filter sample sends `size=0`), and the cap. */
export const DEFAULT_PAGE_SIZE = 40;
export const MAX_PAGE_SIZE = 500;

type FilterField = "domain" | "companyname" | "indirectreseller";

interface ListFilter {
    field: FilterField;
    value: string;
}

/** State carried by `MS-ContinuationToken`: the last `seq` served, the page size and the filter. */
interface Continuation {
    after: number;
    size: number;
    filter?: ListFilter;
}

function parseFilter(raw: string | null): ListFilter | undefined {
    if (raw === null || raw === "") {
        return undefined;
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw);
    } catch {
        throw ErrorFactory.invalidInput(
            "filter",
            'must be JSON such as {"Field":"Domain","Value":"x","Operator":"starts_with"}',
        );
    }
    const o = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<string, unknown>;
    const field = String(o["Field"] ?? o["field"] ?? "").toLowerCase();
    const value = o["Value"] ?? o["value"];
    const operator = String(o["Operator"] ?? o["operator"] ?? "").toLowerCase();
    if (field !== "domain" && field !== "companyname" && field !== "indirectreseller") {
        throw ErrorFactory.invalidInput("filter.Field", "must be Domain, CompanyName or IndirectReseller");
    }
    if (typeof value !== "string") {
        throw ErrorFactory.invalidInput("filter.Value", "must be a string");
    }
    if (operator !== "starts_with") {
        throw ErrorFactory.invalidInput("filter.Operator", "only starts_with is supported");
    }
    return { field, value };
}

function filterValue(customer: StoredCustomer, field: FilterField): string {
    switch (field) {
        case "domain":
            return customer.domain;
        case "companyname":
            return customer.companyName;
        case "indirectreseller":
            return customer.associatedPartnerId ?? "";
    }
}

const encodeContinuation = (c: Continuation): string => Buffer.from(JSON.stringify(c)).toString("base64url");

function decodeContinuation(token: string): Continuation {
    try {
        const c = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<Continuation>;
        if (typeof c.after === "number" && typeof c.size === "number") {
            return { after: c.after, size: c.size, ...(c.filter ? { filter: c.filter } : {}) };
        }
    } catch {
        // fall through
    }
    throw ErrorFactory.invalidInput("MS-ContinuationToken", "the continuation token is not valid");
}

function parseSize(raw: string | null): number {
    if (raw === null || raw === "") {
        return DEFAULT_PAGE_SIZE;
    }
    const size = Number(raw);
    if (!Number.isInteger(size) || size < 0) {
        throw ErrorFactory.invalidInput("size", "must be a non-negative integer");
    }
    return size === 0 ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
}

/**
 * `GET /v1/customers?size=N&filter=...`, and the next pages: `seekOperation=Next` with the `MS-ContinuationToken`
 * header from `links.next`. The token carries the last position served (creation order), not an offset, so
 * deleting customers between pages neither skips nor repeats any.
 */
export function listCustomers(ctx: HandlerContext<undefined>): HandlerResult {
    const header = ctx.headers["ms-continuationtoken"];
    const tokenValue = Array.isArray(header) ? header[0] : header;
    const seekNext = (ctx.query.get("seekOperation") ?? "").toLowerCase() === "next";
    let state: Continuation;
    if (seekNext || tokenValue) {
        if (!tokenValue) {
            throw ErrorFactory.invalidInput("MS-ContinuationToken", "required with seekOperation=Next");
        }
        state = decodeContinuation(tokenValue);
    } else {
        const filter = parseFilter(ctx.query.get("filter"));
        state = { after: 0, size: parseSize(ctx.query.get("size")), ...(filter ? { filter } : {}) };
    }
    const filter = state.filter;
    const matching = ctx.env.store
        .list()
        .filter((c) => c.seq > state.after)
        .filter((c) => !filter || filterValue(c, filter.field).toLowerCase().startsWith(filter.value.toLowerCase()));
    const page = matching.slice(0, state.size);
    const last = page[page.length - 1];
    const more = matching.length > page.length && last !== undefined;
    const body: Record<string, unknown> = {
        // Partner Center's totalCount is the number of items in this response, not in the whole result set.
        totalCount: page.length,
        items: page.map((c) => withoutReseller(ctx, customerListItemView(c))),
        links: {
            self: { uri: `/v1/customers?size=${state.size}`, method: "GET", headers: [] },
        },
        attributes: { objectType: "Collection" },
    };
    if (more) {
        const token = encodeContinuation({ ...state, after: last.seq });
        body["continuationToken"] = token;
        body["links"] = {
            self: { uri: `/v1/customers?size=${state.size}`, method: "GET", headers: [] },
            next: {
                uri: `/v1/customers?size=${state.size}&seekOperation=Next`,
                method: "GET",
                headers: [{ key: "MS-ContinuationToken", value: token }],
            },
        };
    }
    return { status: 200, body };
}
