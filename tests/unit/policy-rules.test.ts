/**
 * The policy pack's rules as pure functions (policy/src/rules.ts), without the engine or the policy SDK: for each
 * rule, inputs it allows, inputs it refuses (the message names the resource and the fix), and values unknown in
 * preview, which are reported as unknown, never as a pass or a violation, while a known violation beside them is
 * still reported. Also the type matcher that recognises both front doors' tokens.
 */
import * as assert from "assert";

import { matchType, TYPE_NAMES } from "partnercenter-policy/match";
import {
    checkApprovedReseller,
    checkCustomersHaveAgreements,
    checkDeleteOnlyInSandbox,
    checkDomainPrefix,
    checkGdapDefaultExplicit,
    checkMaxDuration,
    checkNoGlobalAdministrator,
    checkNoPrivilegedAutoExtend,
    endpointAllowed,
    GLOBAL_ADMINISTRATOR_ID,
    UNKNOWN,
    type Outcome,
    type StackResource,
} from "partnercenter-policy/rules";

const RELATIONSHIP = { typeName: "GdapRelationship", name: "contoso-gdap" };
const ASSIGNMENT = { typeName: "GdapAccessAssignment", name: "helpdesk" };
const CUSTOMER = { typeName: "IndirectResellerCustomer", name: "contoso" };
const RESELLER = "484e548c-f5f3-4528-93a9-c16c6373cb59";
const OTHER_RESELLER = "9b2f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d";
const SANDBOX_TENANT = "6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a";
const PRIVILEGED_ROLE_ADMIN = "e8611ab8-c189-46e8-94e1-60213ab1f814";

const passes = (o: Outcome | undefined) => assert.deepStrictEqual(o, { violations: [], unknowns: [] });

/** The single violation's message, after checking that it names the resource and says how to fix it. */
function refused(o: Outcome | undefined, resource: { typeName: string; name: string }): string {
    assert.ok(o, "the rule applies");
    assert.strictEqual(o.violations.length, 1, JSON.stringify(o));
    assert.deepStrictEqual(o.unknowns, []);
    const message = o.violations[0]!.message;
    assert.ok(message.includes(`${resource.typeName} "${resource.name}"`), message);
    assert.match(message, /Fix: /);
    return message;
}

describe("policy pack: type matching", () => {
    it("recognises every resource under both front doors' tokens, and nothing else", () => {
        assert.deepStrictEqual([...TYPE_NAMES].sort(), [
            "ApplicationConsent",
            "CustomerAgreement",
            "GdapAccessAssignment",
            "GdapRelationship",
            "IndirectResellerCustomer",
        ]);
        for (const typeName of TYPE_NAMES) {
            assert.deepStrictEqual(matchType(`pulumi-nodejs:dynamic/partnercenter:${typeName}`), {
                typeName,
                frontDoor: "dynamic",
            });
            assert.deepStrictEqual(matchType(`partnercenter:index:${typeName}`), { typeName, frontDoor: "plugin" });
        }
        for (const other of [
            "pulumi:providers:partnercenter",
            "pulumi-nodejs:dynamic:Resource",
            "pulumi-nodejs:dynamic/other:GdapRelationship",
            "partnercenter:index:Subscription",
            "azure-native:resources:ResourceGroup",
        ]) {
            assert.strictEqual(matchType(other), undefined, other);
        }
    });
});

describe("policy rule gdap-no-global-administrator", () => {
    it("allows least-privilege roles", () => {
        passes(checkNoGlobalAdministrator(RELATIONSHIP, { roles: ["Helpdesk Administrator", "Global Reader"] }));
        passes(checkNoGlobalAdministrator(ASSIGNMENT, { roles: ["User Administrator"] }));
    });

    it("refuses Global Administrator by any spelling the provider accepts, and by role definition id", () => {
        for (const role of [
            "Global Administrator",
            "global administrator",
            "GlobalAdministrator",
            GLOBAL_ADMINISTRATOR_ID.toUpperCase(),
        ]) {
            const message = refused(
                checkNoGlobalAdministrator(RELATIONSHIP, { roles: ["Helpdesk Administrator", role] }),
                RELATIONSHIP,
            );
            assert.ok(message.includes(`roles[1] "${role}"`), message);
            assert.match(message, /least privilege|only the roles the work needs/);
        }
        // Checked inputs: roleDefinitionIds derived from roles. The role is named once, where the user wrote it.
        const message = refused(
            checkNoGlobalAdministrator(RELATIONSHIP, {
                roles: ["Global Administrator"],
                roleDefinitionIds: [GLOBAL_ADMINISTRATOR_ID],
            }),
            RELATIONSHIP,
        );
        assert.ok(!message.includes("roleDefinitionIds"), message);
        // An access assignment given ids only.
        refused(checkNoGlobalAdministrator(ASSIGNMENT, { roleDefinitionIds: [GLOBAL_ADMINISTRATOR_ID] }), ASSIGNMENT);
    });

    it("reports unknown roles as unknown, and still refuses a known Global Administrator beside them", () => {
        assert.deepStrictEqual(checkNoGlobalAdministrator(RELATIONSHIP, { roles: UNKNOWN }), {
            violations: [],
            unknowns: ["roles"],
        });
        assert.deepStrictEqual(checkNoGlobalAdministrator(RELATIONSHIP, { roles: [UNKNOWN, "Global Reader"] }), {
            violations: [],
            unknowns: ["roles[0]"],
        });
        const mixed = checkNoGlobalAdministrator(RELATIONSHIP, { roles: [UNKNOWN, "Global Administrator"] });
        assert.strictEqual(mixed.violations.length, 1);
        assert.deepStrictEqual(mixed.unknowns, ["roles[0]"]);
    });
});

describe("policy rule gdap-max-duration", () => {
    it("allows up to the maximum (default P730D, the provider's default duration)", () => {
        passes(checkMaxDuration(RELATIONSHIP, { duration: "P730D" }, {}));
        passes(checkMaxDuration(RELATIONSHIP, {}, {}));
        passes(checkMaxDuration(RELATIONSHIP, { duration: "P365D" }, { maxDuration: "P365D" }));
        passes(checkMaxDuration(RELATIONSHIP, { duration: "P90D" }, { maxDuration: "P365D" }));
    });

    it("refuses a longer duration, also the default one when duration is unset", () => {
        const message = refused(checkMaxDuration(RELATIONSHIP, { duration: "P366D" }, { maxDuration: "P365D" }), {
            ...RELATIONSHIP,
        });
        assert.match(message, /P366D, 366 days, longer than the P365D \(365 days\)/);
        assert.match(message, /duration: "P365D"/);
        const unset = refused(checkMaxDuration(RELATIONSHIP, {}, { maxDuration: "P180D" }), RELATIONSHIP);
        assert.match(unset, /P730D \(the default when duration is unset\)/);
    });

    it("reports an unknown duration as unknown; a maximum that is no duration is a configuration error", () => {
        assert.deepStrictEqual(checkMaxDuration(RELATIONSHIP, { duration: UNKNOWN }, {}), {
            violations: [],
            unknowns: ["duration"],
        });
        assert.throws(
            () => checkMaxDuration(RELATIONSHIP, {}, { maxDuration: "one year" }),
            /maxDuration must be an ISO 8601 duration/,
        );
    });
});

describe("policy rule gdap-no-auto-extend-privileged", () => {
    const ga = ["Helpdesk Administrator", "Global Administrator"];

    it("allows no auto-extend with Global Administrator, and auto-extend without it", () => {
        passes(checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: "PT0S", roles: ga }, {}));
        passes(checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: "P0D", roles: ga }, {}));
        passes(checkNoPrivilegedAutoExtend(RELATIONSHIP, { roles: ga }, {}));
        passes(
            checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: "P180D", roles: ["Global Reader"] }, {}),
        );
    });

    it("refuses auto-extend with Global Administrator, or with a role the config lists", () => {
        const message = refused(
            checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: "P180D", roles: ga }, {}),
            RELATIONSHIP,
        );
        assert.match(message, /autoExtendDuration: "PT0S"/);
        const configured = { roles: ["Global Administrator", "Privileged Role Administrator"] };
        refused(
            checkNoPrivilegedAutoExtend(
                RELATIONSHIP,
                { autoExtendDuration: "P180D", roleDefinitionIds: [PRIVILEGED_ROLE_ADMIN] },
                configured,
            ),
            RELATIONSHIP,
        );
        assert.throws(
            () => checkNoPrivilegedAutoExtend(RELATIONSHIP, {}, { roles: ["Global Admin"] }),
            /gdap-no-auto-extend-privileged.roles: 'Global Admin' is not a Microsoft Entra built-in role name/,
        );
    });

    it("reports unknowns only where they could matter", () => {
        assert.deepStrictEqual(
            checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: UNKNOWN, roles: ga }, {}),
            { violations: [], unknowns: ["autoExtendDuration"] },
        );
        passes(
            checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: UNKNOWN, roles: ["Global Reader"] }, {}),
        );
        assert.deepStrictEqual(
            checkNoPrivilegedAutoExtend(RELATIONSHIP, { autoExtendDuration: "P180D", roles: UNKNOWN }, {}),
            { violations: [], unknowns: ["roles"] },
        );
    });
});

describe("policy rule customer-delete-sandbox-only", () => {
    const emulator = { endpoint: "http://127.0.0.1:8787", tenantId: SANDBOX_TENANT };
    const production = { endpoint: "global", tenantId: SANDBOX_TENANT };

    it("allows any onDelete but delete anywhere, and delete against loopback (the emulator)", () => {
        for (const onDelete of ["retain", "removeRelationship", undefined]) {
            passes(checkDeleteOnlyInSandbox(CUSTOMER, { onDelete }, {}, production));
        }
        for (const endpoint of ["http://127.0.0.1:8787", "http://localhost:9000/", "http://[::1]:8787"]) {
            passes(checkDeleteOnlyInSandbox(CUSTOMER, { onDelete: "delete" }, {}, { ...emulator, endpoint }));
        }
    });

    it("refuses delete against a production endpoint (or none: global), unless the partner tenant is a sandbox", () => {
        const message = refused(checkDeleteOnlyInSandbox(CUSTOMER, { onDelete: "delete" }, {}, production), CUSTOMER);
        assert.match(message, /onDelete: "retain"/);
        assert.match(message, /sandboxTenantIds/);
        refused(
            checkDeleteOnlyInSandbox(
                CUSTOMER,
                { onDelete: "delete" },
                {},
                { endpoint: undefined, tenantId: undefined },
            ),
            CUSTOMER,
        );
        passes(
            checkDeleteOnlyInSandbox(
                CUSTOMER,
                { onDelete: "delete" },
                { sandboxTenantIds: [SANDBOX_TENANT.toUpperCase()] },
                production,
            ),
        );
    });

    it("takes the allowed endpoints from config (which replaces the loopback default)", () => {
        refused(
            checkDeleteOnlyInSandbox(CUSTOMER, { onDelete: "delete" }, { allowedDeleteEndpoints: [] }, emulator),
            CUSTOMER,
        );
        const config = { allowedDeleteEndpoints: ["https://pc-sandbox.example.test/"] };
        passes(
            checkDeleteOnlyInSandbox(CUSTOMER, { onDelete: "delete" }, config, {
                endpoint: "https://PC-Sandbox.example.test",
                tenantId: undefined,
            }),
        );
        assert.ok(!endpointAllowed("http://127.0.0.1.example.test", "loopback"));
        assert.ok(endpointAllowed("usgov", "USGov"));
    });

    it("reports an unknown onDelete or endpoint as unknown", () => {
        assert.deepStrictEqual(checkDeleteOnlyInSandbox(CUSTOMER, { onDelete: UNKNOWN }, {}, production), {
            violations: [],
            unknowns: ["onDelete"],
        });
        assert.deepStrictEqual(
            checkDeleteOnlyInSandbox(CUSTOMER, { onDelete: "delete" }, {}, { endpoint: UNKNOWN, tenantId: undefined }),
            { violations: [], unknowns: ["provider endpoint"] },
        );
    });
});

describe("policy rule customer-approved-resellers", () => {
    it("does not apply until approvedResellers is configured", () => {
        assert.strictEqual(checkApprovedReseller(CUSTOMER, { associatedPartnerId: RESELLER }, {}), undefined);
    });

    it("allows an approved reseller (any case) and refuses another, naming both", () => {
        const config = { approvedResellers: [RESELLER.toUpperCase()] };
        passes(checkApprovedReseller(CUSTOMER, { associatedPartnerId: RESELLER }, config));
        const message = refused(checkApprovedReseller(CUSTOMER, { associatedPartnerId: OTHER_RESELLER }, config), {
            ...CUSTOMER,
        });
        assert.ok(message.includes(OTHER_RESELLER) && message.includes(RESELLER), message);
    });

    it("reports an unknown reseller as unknown", () => {
        assert.deepStrictEqual(
            checkApprovedReseller(CUSTOMER, { associatedPartnerId: UNKNOWN }, { approvedResellers: [RESELLER] }),
            { violations: [], unknowns: ["associatedPartnerId"] },
        );
    });
});

describe("policy rule customer-domain-prefix", () => {
    const config = { pattern: "cust-[a-z0-9]+" };
    const withDomain = (domain: unknown) => ({ companyProfile: { domain } });

    it("does not apply until a pattern is configured", () => {
        assert.strictEqual(checkDomainPrefix(CUSTOMER, withDomain("x.onmicrosoft.com"), {}), undefined);
    });

    it("allows a matching prefix and refuses another; the pattern must match the whole prefix", () => {
        passes(checkDomainPrefix(CUSTOMER, withDomain("cust-contoso.onmicrosoft.com"), config));
        const message = refused(checkDomainPrefix(CUSTOMER, withDomain("contoso.onmicrosoft.com"), config), CUSTOMER);
        assert.match(message, /prefix "contoso" does not match the naming pattern \/cust-\[a-z0-9\]\+\//);
        refused(checkDomainPrefix(CUSTOMER, withDomain("cust-contoso-evil.onmicrosoft.com"), config), CUSTOMER);
    });

    it("reports an unknown domain as unknown; a pattern that is no regular expression is a configuration error", () => {
        assert.deepStrictEqual(checkDomainPrefix(CUSTOMER, withDomain(UNKNOWN), config), {
            violations: [],
            unknowns: ["companyProfile.domain"],
        });
        assert.deepStrictEqual(checkDomainPrefix(CUSTOMER, { companyProfile: UNKNOWN }, config), {
            violations: [],
            unknowns: ["companyProfile"],
        });
        assert.throws(() => checkDomainPrefix(CUSTOMER, withDomain("a.onmicrosoft.com"), { pattern: "(" }), /pattern/);
    });
});

describe("policy rule customer-gdap-default-explicit", () => {
    it("allows true or false, flags an unset flag, reports an unknown one as unknown", () => {
        passes(checkGdapDefaultExplicit(CUSTOMER, { enableGDAPByDefault: false }));
        passes(checkGdapDefaultExplicit(CUSTOMER, { enableGDAPByDefault: true }));
        assert.match(refused(checkGdapDefaultExplicit(CUSTOMER, {}), CUSTOMER), /enableGDAPByDefault unset/);
        assert.deepStrictEqual(checkGdapDefaultExplicit(CUSTOMER, { enableGDAPByDefault: UNKNOWN }), {
            violations: [],
            unknowns: ["enableGDAPByDefault"],
        });
    });
});

describe("policy rule customer-has-agreement (stack)", () => {
    const urn = (type: string, name: string) => `urn:pulumi:dev::p::partnercenter:index:${type}::${name}`;
    const customer = (name: string, customerId: unknown): StackResource => ({
        typeName: "IndirectResellerCustomer",
        name,
        urn: urn("IndirectResellerCustomer", name),
        props: { customerId },
        propertyDependencies: {},
    });
    const agreement = (name: string, customerId: unknown, dependsOn: string[] = []): StackResource => ({
        typeName: "CustomerAgreement",
        name,
        urn: urn("CustomerAgreement", name),
        props: { customerId },
        propertyDependencies: { customerId: dependsOn },
    });

    it("allows customers whose agreement depends on them (preview) or names their id", () => {
        passes(
            checkCustomersHaveAgreements([
                customer("a", UNKNOWN),
                agreement("a-mca", UNKNOWN, [urn("IndirectResellerCustomer", "a")]),
            ]),
        );
        passes(checkCustomersHaveAgreements([customer("b", "ID-B"), agreement("b-mca", "id-b")]));
    });

    it("flags a customer without an agreement, by its URN", () => {
        const outcome = checkCustomersHaveAgreements([
            customer("a", "id-a"),
            customer("b", "id-b"),
            agreement("a-mca", "id-a"),
        ]);
        assert.strictEqual(outcome.violations.length, 1);
        assert.strictEqual(outcome.violations[0]!.urn, urn("IndirectResellerCustomer", "b"));
        assert.match(outcome.violations[0]!.message, /IndirectResellerCustomer "b" has no CustomerAgreement/);
    });

    it("reports a customer it cannot match yet as unknown", () => {
        assert.deepStrictEqual(checkCustomersHaveAgreements([customer("a", UNKNOWN), agreement("x", UNKNOWN)]), {
            violations: [],
            unknowns: ["a: customerId"],
        });
    });
});
