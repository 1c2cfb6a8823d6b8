/**
 * Mapping between Partner Center resources and the resource's inputs/outputs.
 *
 * Outputs always carry every key with a defined value: `undefined` anywhere in outputs crashes the engine's
 * serializer (pulumi/pulumi#2205), so optional values are omitted, never set to undefined.
 */
import type {
    BillingProfileUpdateRequest,
    Customer,
    CustomerBillingProfile,
    CustomerCreateRequest,
} from "../../api/codecs";
import type {
    AddressArgs,
    BillingProfileArgs,
    BillingProfileOutput,
    CustomerInputs,
    CustomerOutputs,
    DelegatedAccessOutput,
    OnDeletePolicy,
    UserCredentialsOutput,
} from "./types";
import { ENABLE_GDAP_BY_DEFAULT } from "./types";

export const NO_CREDENTIALS: UserCredentialsOutput = { userName: "", password: "" };

/** Remove `undefined` (and `null`) values recursively; arrays keep their order. */
export function compact<T>(value: T): T {
    if (Array.isArray(value)) {
        return value.filter((v) => v !== undefined && v !== null).map((v) => compact(v)) as unknown as T;
    }
    if (value !== null && typeof value === "object") {
        const out: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
            if (v !== undefined && v !== null) {
                out[key] = compact(v);
            }
        }
        return out as T;
    }
    return value;
}

const str = (v: string | null | undefined): string => (typeof v === "string" ? v : "");
const optional = (v: string | null | undefined): string | undefined =>
    typeof v === "string" && v !== "" ? v : undefined;

/** The address as Partner Center returned it, in the resource's shape. */
export function addressFromApi(
    address: NonNullable<CustomerBillingProfile["defaultAddress"]> | undefined | null,
): AddressArgs {
    const a = address ?? { country: "" };
    return compact({
        firstName: str(a.firstName),
        lastName: str(a.lastName),
        addressLine1: str(a.addressLine1),
        addressLine2: optional(a.addressLine2),
        city: str(a.city),
        state: optional(a.state),
        postalCode: str(a.postalCode),
        country: str(a.country).toUpperCase(),
        phoneNumber: optional(a.phoneNumber),
        region: optional(a.region),
    }) as AddressArgs;
}

/**
 * The billing profile as Partner Center returned it, normalised the way `check` normalises inputs
 * (culture `ll-RR`, language lower-case), so refresh shows no spurious diff.
 */
export function billingProfileFromApi(profile: CustomerBillingProfile | null | undefined): BillingProfileOutput {
    const p = profile ?? {};
    return {
        id: str(p.id),
        email: str(p.email),
        culture: normaliseCulture(str(p.culture)),
        language: str(p.language).toLowerCase(),
        companyName: str(p.companyName),
        defaultAddress: addressFromApi(p.defaultAddress),
    };
}

/** `en-us` / `EN-US` → `en-US`. */
export function normaliseCulture(culture: string): string {
    const [language, region, ...rest] = culture.split("-");
    if (language === undefined || region === undefined || rest.length > 0) {
        return culture;
    }
    return `${language.toLowerCase()}-${region.toUpperCase()}`;
}

/** Request body of `POST /v1/customers` for the inputs. */
export function createRequest(inputs: CustomerInputs): CustomerCreateRequest {
    return compact({
        companyProfile: {
            domain: inputs.companyProfile.domain,
            organizationRegistrationNumber: inputs.companyProfile.organizationRegistrationNumber,
            attributes: { objectType: "CustomerCompanyProfile" },
        },
        billingProfile: {
            ...billingProfileBody(inputs.billingProfile),
            attributes: { objectType: "CustomerBillingProfile" },
        },
        associatedPartnerId: inputs.associatedPartnerId,
        enableGDAPByDefault: inputs.enableGDAPByDefault ?? ENABLE_GDAP_BY_DEFAULT,
        attributes: { objectType: "Customer" },
    }) as CustomerCreateRequest;
}

function billingProfileBody(billing: BillingProfileArgs) {
    return {
        email: billing.email,
        culture: billing.culture,
        language: billing.language,
        companyName: billing.companyName,
        defaultAddress: { ...billing.defaultAddress },
    };
}

/** Full body of `PUT /profiles/billing`: the current profile with the desired fields and the current etag. */
export function billingUpdateRequest(
    current: CustomerBillingProfile,
    desired: BillingProfileArgs,
    etag: string,
): BillingProfileUpdateRequest {
    return compact({
        id: current.id,
        firstName: current.firstName,
        lastName: current.lastName,
        ...billingProfileBody(desired),
        attributes: { etag, objectType: "CustomerBillingProfile" },
    }) as BillingProfileUpdateRequest;
}

/** True when the billing profile in Partner Center already has the desired values. */
export function billingProfileMatches(actual: BillingProfileOutput, desired: BillingProfileArgs): boolean {
    const { id: _id, ...rest } = actual;
    return stableJson(rest) === stableJson(compact(desired));
}

/** JSON with sorted keys, for order-independent comparison. */
export function stableJson(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
            : v,
    );
}

export interface OutputContext {
    readonly inputs: CustomerInputs;
    readonly adopted: boolean;
    readonly userCredentials: UserCredentialsOutput;
    /** Billing profile as Partner Center returned it (create response or a GET). */
    readonly billingProfile: CustomerBillingProfile | null | undefined;
    /** When the resource entered state; used to tell read-after-create lag from deletion. */
    readonly createdAt: string;
}

/** Outputs for a customer and the inputs that produced it. */
export function toOutputs(customer: Customer, ctx: OutputContext): CustomerOutputs & { createdAt: string } {
    const company = customer.companyProfile ?? {};
    const onDelete: OnDeletePolicy = ctx.inputs.onDelete ?? "retain";
    return compact({
        customerId: customer.id,
        tenantId: str(company.tenantId) || customer.id,
        commerceId: str(customer.commerceId),
        companyName: str(company.companyName) || str(customer.billingProfile?.companyName),
        domain: str(company.domain).toLowerCase() || ctx.inputs.companyProfile.domain,
        relationshipToPartner: str(customer.relationshipToPartner),
        allowDelegatedAccess: customer.allowDelegatedAccess === true,
        associatedPartnerId: str(customer.associatedPartnerId).toLowerCase() || ctx.inputs.associatedPartnerId,
        organizationRegistrationNumber: ctx.inputs.companyProfile.organizationRegistrationNumber ?? "",
        companyProfile: compact({ ...ctx.inputs.companyProfile }),
        billingProfile: billingProfileFromApi(ctx.billingProfile ?? customer.billingProfile),
        adopted: ctx.adopted,
        userCredentials: ctx.userCredentials,
        onDelete,
        adoptExisting: ctx.inputs.adoptExisting ?? false,
        enableGDAPByDefault: ctx.inputs.enableGDAPByDefault,
        delegatedAccess: delegatedAccessOf(ctx),
        createdAt: ctx.createdAt,
    });
}

/**
 * What the creation granted, from what was sent (GDAP FAQ: `true` = default GDAP roles, `false` = none; DAP is no
 * longer granted). An adopted customer was created by someone else, and state from before the input existed does
 * not say what was sent: `unknown`.
 */
export function delegatedAccessOf(ctx: Pick<OutputContext, "adopted" | "inputs">): DelegatedAccessOutput {
    if (ctx.adopted) {
        return "unknown";
    }
    const flag = ctx.inputs.enableGDAPByDefault;
    return flag === true ? "defaultGdap" : flag === false ? "none" : "unknown";
}

/** The inputs implied by stored outputs (what `read` reports so a refresh produces no diff). */
export function inputsFromOutputs(outs: CustomerOutputs): CustomerInputs {
    const { id: _id, ...billing } = outs.billingProfile;
    return compact({
        associatedPartnerId: outs.associatedPartnerId,
        companyProfile: outs.companyProfile,
        billingProfile: billing,
        onDelete: outs.onDelete,
        adoptExisting: outs.adoptExisting,
        enableGDAPByDefault: outs.enableGDAPByDefault,
    });
}
