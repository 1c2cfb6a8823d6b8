/**
 * Every error the emulator answers with, one static method per Partner Center error.
 *
 * Codes and texts mirror the Partner Center REST error codes page
 * (https://learn.microsoft.com/en-us/partner-center/developer/error-codes) and the issues cited in
 * the project's Partner Center research (`shared/research/partner-center.md`) §4. Bodies use the documented ApiFault shape
 * `{code, description, data, source}`; `code` is a number, as in the real `{"code": 2007, ..., "source": "PartnerFD"}`
 * sample (clients must accept string or number). Where Partner Center documents no code for a status
 * (405, 412, 413, 500), the emulator uses the HTTP status as the code.
 *
 * The two exceptions to the ApiFault shape are deliberate: 429 uses the throttling body `{statusCode, message}`
 * (api-throttling-guidance.md) and the OAuth endpoint uses AAD's `{error, error_description}` (see `auth/`).
 */
import EmulatorError from "./EmulatorError";

/** The documented ApiFault body. `data` is always an array (empty unless a code documents its content). */
export interface ApiFaultBody {
    code: number;
    description: string;
    data: unknown[];
    /** `PartnerFD` for most faults; the compliance API's samples name their controller. */
    source: string;
}

const fault = (code: number, description: string, source = "PartnerFD", data: unknown[] = []): ApiFaultBody => ({
    code,
    description,
    data,
    source,
});

export default class ErrorFactory {
    /** 400/800002: the body is not JSON or not an object at all. */
    public static invalidRequestBody(reason: string): EmulatorError {
        return new EmulatorError(400, fault(800002, `Invalid request input: ${reason}`));
    }

    /**
     * 400/3000 "Invalid property", naming the property (dotted camelCase path, e.g.
     * `billingProfile.defaultAddress.firstName`) so that a client can point at the offending input.
     */
    public static invalidInput(property: string, reason: string): EmulatorError {
        return new EmulatorError(400, fault(3000, `Invalid property '${property}': ${reason}`));
    }

    /**
     * 409/27100 domain not available. Partner Center's Storefront maps 27100 from both BadInput (400) and
     * AlreadyExists (409); the emulator picks 409 because the cause is a conflict with existing state (another
     * tenant owns the domain), which is exactly what a client reconciling an ambiguous create needs to tell apart
     * from plain validation failures.
     */
    public static domainNotAvailable(domain: string): EmulatorError {
        return new EmulatorError(
            409,
            fault(27100, `The domain ${domain} is not available: it is already used by another tenant.`),
        );
    }

    /**
     * 400/3000 for an `associatedPartnerId` without an active indirect-reseller relationship. The docs only say
     * "the request will fail"; 3000 is the generic invalid-property code that Partner Center also returns as "The
     * relationship between the partner and customer does not exist" (Partner-Center-PowerShell#51), hence 400.
     */
    public static resellerRelationshipMissing(associatedPartnerId: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(
                3000,
                `The relationship between the partner and the indirect reseller does not exist (associatedPartnerId '${associatedPartnerId}').`,
            ),
        );
    }

    /** 400/600049: `companyProfile.organizationRegistrationNumber` is required in this country. */
    public static orgRegistrationNumberMissing(country: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(
                600049,
                `Organization registration id information is missing: companyProfile.organizationRegistrationNumber is required for country ${country}.`,
            ),
        );
    }

    /** 400/600051: `billingProfile.defaultAddress.phoneNumber` is required in this country. */
    public static phoneNumberMissing(country: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(
                600051,
                `Phone number is missing: billingProfile.defaultAddress.phoneNumber is required for country ${country}.`,
            ),
        );
    }

    /**
     * 400/600002 "Organization registration id value is not supported": a registration number for a country that
     * does not take one (error-codes).
     */
    public static orgRegistrationNumberNotSupported(country: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(
                600002,
                `Organization registration id value is not supported: companyProfile.organizationRegistrationNumber is not used for country ${country}.`,
            ),
        );
    }

    /** 400/600050 "Organization registration id information is invalid and should be of the format {0}" (error-codes). */
    public static orgRegistrationNumberInvalid(format: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(600050, `Organization registration id information is invalid and should be of the format ${format}`),
        );
    }

    /** 403/900123: the indirect reseller has not accepted the Microsoft Partner Agreement (error-codes). */
    public static mpaNotAccepted(associatedPartnerId: string): EmulatorError {
        return new EmulatorError(
            403,
            fault(
                900123,
                `Microsoft Partner Agreement has not been accepted by the indirect reseller (associatedPartnerId '${associatedPartnerId}').`,
            ),
        );
    }

    /** 400 faults of the compliance API, as its samples show them (verify-indirect-reseller-mpa-status). */
    public static compliance(code: number, description: string, source: string, data: unknown[] = []): EmulatorError {
        return new EmulatorError(400, fault(code, description, source, data));
    }

    /** 400/800018: the integration sandbox allows 75 customers (test-and-debug.md). */
    public static sandboxLimit(quota: number): EmulatorError {
        return new EmulatorError(400, fault(800018, `The sandbox limit has been met (${quota} customers).`));
    }

    /** 404 with the text seen after creation (Partner-Center-Java#57); code 60003 is the documented "tenant not found". */
    public static customerNotFound(customerId: string): EmulatorError {
        return new EmulatorError(404, fault(60003, `A customer with the tenant Id '${customerId}' was not found.`));
    }

    /**
     * 401/800001. `WWW-Authenticate` follows the error-codes page (`OAuth realm=urn:cpsvc:cpid:{cid}`) plus the
     * RFC 6750 error attribute so generic HTTP clients understand it.
     */
    public static unauthorized(reason: string): EmulatorError {
        return new EmulatorError(401, fault(800001, `Access denied: ${reason}`), {
            "WWW-Authenticate": 'OAuth realm=urn:cpsvc:cpid:emulator, error="invalid_token"',
        });
    }

    /** 412: the etag (from `attributes.etag` or `If-Match`) is not the current one. */
    public static preconditionFailed(supplied: string): EmulatorError {
        return new EmulatorError(
            412,
            fault(
                412,
                `Precondition failed: the etag '${supplied}' does not match the current version of the resource.`,
            ),
        );
    }

    /**
     * 403/600006 for DELETE outside the integration sandbox. DELETE is documented for the sandbox only; the
     * production behaviour is unconfirmed, so the emulator answers with the "requested action is not allowed"
     * fault Partner Center is known to send (Partner-Center-DotNet-Samples#73).
     */
    public static deleteNotAllowed(): EmulatorError {
        return new EmulatorError(
            403,
            fault(
                600006,
                "The requested action is not allowed: customers can only be deleted in the integration sandbox.",
            ),
        );
    }

    /** 429 with the throttling body (not an ApiFault) and a `Retry-After` header in whole seconds. */
    public static throttled(retryAfterSeconds: number): EmulatorError {
        const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
        return new EmulatorError(
            429,
            { statusCode: 429, message: `Rate limit is exceeded. Try again in ${seconds} seconds.` },
            { "Retry-After": String(seconds) },
        );
    }

    /** 500, also used for injected 5xx/408 faults (with their own status). */
    public static internal(status = 500, description = "An internal error occurred."): EmulatorError {
        return new EmulatorError(status, fault(status, description));
    }

    /** 413: the body exceeds the emulator's `maxBodyBytes`. */
    public static payloadTooLarge(limit: number): EmulatorError {
        return new EmulatorError(413, fault(413, `The request body exceeds the limit of ${limit} bytes.`));
    }

    /** 405 with `Allow` listing the methods the path supports. */
    public static methodNotAllowed(method: string, allowed: readonly string[]): EmulatorError {
        return new EmulatorError(405, fault(405, `The method ${method} is not allowed on this resource.`), {
            Allow: allowed.join(", "),
        });
    }

    /** 404/1000 for a path no operation serves. */
    public static notFound(path: string): EmulatorError {
        return new EmulatorError(404, fault(1000, `Not found: no resource at ${path}.`));
    }

    /**
     * 600061 in the newer fault shape, verbatim from "Confirm customer acceptance and create agreement for MCA using
     * APIs" (https://learn.microsoft.com/en-us/partner-center/customers/integrate-sandbox-confirm-customer-accept).
     * The page gives the body but not the HTTP status; the emulator uses 409 (a conflict with an existing agreement).
     */
    public static agreementAlreadyExists(): EmulatorError {
        return new EmulatorError(409, {
            code: 600061,
            message: "A partner confirmed agreement already exists for the customer.",
            description: "A partner confirmed agreement already exists for the customer.",
            errorName: "PartnerConfirmedAgreementAlreadyExists",
            isRetryable: false,
            parameters: {},
            errorMessageExtended: "InternalErrorCode=600061",
        });
    }

    /**
     * 403 for a token of the wrong OAuth flow: the enhanced attestation scenario "only supports AppOnly
     * authentication", the agreements list and legacy create "only support App+User authentication". The exact
     * status/code Partner Center answers is not documented; 403 with the status as code.
     */
    public static wrongAuthFlow(operation: string, needed: "appUser" | "appOnly"): EmulatorError {
        const flow = needed === "appOnly" ? "App-only (client credentials)" : "App+User";
        return new EmulatorError(403, fault(403, `Access denied: ${operation} only supports ${flow} authentication.`));
    }

    /**
     * 400 "Insufficient privileges to complete the operation.": the application consent's prerequisite is missing
     * (no GDAP role that may consent). No body is published for it; the text is what consent tools report from the
     * real service (`400 ... odata.error Insufficient privileges to complete the operation`,
     * dexmach-csp/azure-csp-securescore#5). `data` says what the GDAP page requires, so a reader knows the fix.
     */
    public static consentPrivilegesMissing(customerId: string, requirement: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(400, "Insufficient privileges to complete the operation.", "PartnerFD", [
                `customer ${customerId}: ${requirement}`,
            ]),
        );
    }

    /** 409 "Permission entry already exists.": a consent for this application exists (what consent tools match). */
    public static consentExists(applicationId: string): EmulatorError {
        return new EmulatorError(
            409,
            fault(409, "Permission entry already exists.", "PartnerFD", [`applicationId ${applicationId}`]),
        );
    }

    /** 404: no consent of this application in the customer's tenant. */
    public static consentNotFound(customerId: string, applicationId: string): EmulatorError {
        return new EmulatorError(
            404,
            fault(
                404,
                `No application consent for application '${applicationId}' in customer '${customerId}' was found.`,
            ),
        );
    }

    /**
     * 400: a grant names a resource application without a service principal in the customer's tenant (the GDAP
     * page's example text, with our ids).
     */
    public static servicePrincipalMissing(enterpriseApplicationId: string, customerId: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(
                400,
                `The app is trying to access a service '${enterpriseApplicationId}' that your organization ` +
                    `'${customerId}' lacks a service principal for. Contact your IT Admin to review the ` +
                    "configuration of your service subscriptions or consent to the application in order to create " +
                    "the required service principal.",
            ),
        );
    }

    /** 403: the bearer token's application is not the one being consented (the GDAP page's note). */
    public static consentWrongApplication(applicationId: string): EmulatorError {
        return new EmulatorError(
            403,
            fault(403, `Access denied: the access token's application id must equal applicationId '${applicationId}'.`),
        );
    }

    /** 403: the Agreement resource is "supported by Partner Center only in the Microsoft public cloud". */
    public static publicCloudOnly(cloud: string): EmulatorError {
        return new EmulatorError(
            403,
            fault(
                403,
                `The Agreement resource is only supported in the Microsoft public cloud, not in this cloud (${cloud}).`,
            ),
        );
    }

    /** 404 for an unknown attestation id (no documented code: the status). */
    public static attestationNotFound(attestationId: string): EmulatorError {
        return new EmulatorError(404, fault(404, `Attestation '${attestationId}' was not found.`));
    }

    /** 404 for an unknown agreement template id (ids are case-sensitive; no documented code: the status). */
    public static agreementTemplateNotFound(templateId: string): EmulatorError {
        return new EmulatorError(404, fault(404, `Agreement template '${templateId}' was not found.`));
    }

    /** 400: an agreement was requested for an attestation the customer has not accepted yet (undocumented code). */
    public static attestationNotAccepted(attestationId: string): EmulatorError {
        return new EmulatorError(
            400,
            fault(400, `Attestation '${attestationId}' has not been accepted by the customer yet.`),
        );
    }
}
