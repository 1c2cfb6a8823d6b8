/**
 * The policy pack `partnercenter-guardrails`: `pulumi preview --policy-pack policy` (after `npm run build`) loads
 * this module (package.json `main`: `dist/index.js`), which serves the policies of `pack.ts` to the engine.
 * Importing it starts the pack's gRPC server, so tests import `partnercenter-policy/pack` and `.../rules` instead.
 */
import { PolicyPack } from "@pulumi/policy";

import { buildPolicies, PACK_NAME } from "./pack";

new PolicyPack(PACK_NAME, {
    description:
        "Guardrails for Partner Center onboarding (GDAP least privilege, approved resellers, no deletes outside " +
        "the sandbox), for the dynamic provider's and the provider plugin's resources alike.",
    policies: buildPolicies(),
});
