/**
 * The policy pack on the provider plugin, as users type it: `pulumi preview --policy-pack <repo>/policy` on a YAML
 * program (`partnercenter:index:*` types) with the repository's CLI, a file (DIY) backend and the emulator over
 * loopback. The pack runs through our language host's RunPlugin. A relationship asking for Global Administrator
 * is blocked as mandatory (the message names the resource, the rule and the fix) and `pulumi up` stops before it is
 * created; a least-privilege stack passes silently (its customer's `onDelete: "delete"` is allowed against the
 * emulator's loopback endpoint, which the pack reads from the plugin's provider inputs); policy config turns the
 * rule advisory, and an empty `allowedDeleteEndpoints` refuses that delete.
 */
import * as assert from "assert";

import {
    CUSTOMER_TOKEN,
    pluginE2E,
    RELATIONSHIP_TOKEN,
    resourcesOf,
    yamlProject,
    type YamlProject,
} from "./plugin-harness";
import {
    AGREEMENT,
    compliantCustomer,
    LEAST_PRIVILEGE,
    POLICY_DIR,
    policyConfigFile,
    printedViolations,
    relationship,
    WITH_GLOBAL_ADMIN,
} from "./policy-harness";

const AGREEMENT_TOKEN = "partnercenter:index:CustomerAgreement";

describe("e2e: the policy pack on the provider plugin (YAML program)", function () {
    let env: Awaited<ReturnType<typeof pluginE2E>>;

    /** A project whose program is a customer, its agreement and a relationship with `roles`. */
    async function project(name: string, roles: string[], customer: Record<string, unknown>): Promise<YamlProject> {
        const p = await yamlProject(env.tmp, name, env.emulator);
        p.writeProgram({
            customer: { type: CUSTOMER_TOKEN, properties: customer },
            agreement: { type: AGREEMENT_TOKEN, properties: { ...AGREEMENT, customerId: "${customer.customerId}" } },
            gdap: {
                type: RELATIONSHIP_TOKEN,
                properties: { ...relationship(`${name} support`, roles), customerTenantId: "${customer.tenantId}" },
            },
        });
        return p;
    }

    before(async () => {
        env = await pluginE2E();
    });
    after(async () => {
        await env?.dispose();
    });

    it("Global Administrator: preview blocked as mandatory, naming resource, rule and fix; up stops before it", async () => {
        const p = await project("policy-plugin-ga", WITH_GLOBAL_ADMIN, compliantCustomer("policypluginga"));
        const preview = await p.pulumi(["preview", "--policy-pack", POLICY_DIR], { allowFailure: true });
        const output = preview.stdout + preview.stderr;
        assert.notStrictEqual(preview.code, 0, output);
        assert.deepStrictEqual(printedViolations(output), [
            { level: "mandatory", policy: "gdap-no-global-administrator", resource: `${RELATIONSHIP_TOKEN}: gdap` },
        ]);
        assert.match(
            output,
            /GdapRelationship "gdap" asks for Global Administrator \(roles\[1\] "Global Administrator"\)/,
        );
        assert.match(output, /Fix: remove it/);

        const up = await p.pulumi(["up", "--yes", "--skip-preview", "--policy-pack", POLICY_DIR], {
            allowFailure: true,
        });
        assert.notStrictEqual(up.code, 0, up.stdout);
        assert.ok(
            !env.emulator.requestLog.some((r) => r.operation === "createDelegatedAdminRelationship"),
            "no relationship was created",
        );
        assert.deepStrictEqual(resourcesOf(await p.exportState(), RELATIONSHIP_TOKEN), []);
    });

    it("least privilege (and onDelete: delete against the emulator): passes silently", async () => {
        const p = await project(
            "policy-plugin-ok",
            LEAST_PRIVILEGE,
            compliantCustomer("policypluginok", { onDelete: "delete" }),
        );
        const preview = await p.pulumi(["preview", "--policy-pack", POLICY_DIR]);
        const output = preview.stdout + preview.stderr;
        assert.deepStrictEqual(printedViolations(output), [], output);
        assert.doesNotMatch(output, /can't run policy/);
    });

    it("policy config: Global Administrator advisory passes with the violation shown; no delete endpoints refuses the delete", async () => {
        const p = await project(
            "policy-plugin-config",
            WITH_GLOBAL_ADMIN,
            compliantCustomer("policypluginconfig", { onDelete: "delete" }),
        );
        const advisory = policyConfigFile(p.dir, "advisory", {
            "gdap-no-global-administrator": { enforcementLevel: "advisory" },
        });
        const preview = await p.pulumi(["preview", "--policy-pack", POLICY_DIR, "--policy-pack-config", advisory]);
        assert.deepStrictEqual(printedViolations(preview.stdout + preview.stderr), [
            { level: "advisory", policy: "gdap-no-global-administrator", resource: `${RELATIONSHIP_TOKEN}: gdap` },
        ]);

        const noDeletes = policyConfigFile(p.dir, "no-deletes", {
            "gdap-no-global-administrator": "advisory",
            "customer-delete-sandbox-only": { allowedDeleteEndpoints: [] },
        });
        const refused = await p.pulumi(["preview", "--policy-pack", POLICY_DIR, "--policy-pack-config", noDeletes], {
            allowFailure: true,
        });
        const output = refused.stdout + refused.stderr;
        assert.notStrictEqual(refused.code, 0, output);
        assert.deepStrictEqual(
            printedViolations(output).map((v) => `${v.level} ${v.policy} ${v.resource}`),
            [
                `mandatory customer-delete-sandbox-only ${CUSTOMER_TOKEN}: customer`,
                `advisory gdap-no-global-administrator ${RELATIONSHIP_TOKEN}: gdap`,
            ],
        );
        assert.match(output, new RegExp(`against partnercenter:endpoint ${env.emulator.url}`));
    });
});
