/**
 * `GdapAccessAssignment`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type ResourceDefinition } from "../common/definition";
import { importIdParts } from "../common/import";
import { describeOutputs } from "../common/shapes";
import { ASSIGNMENT_INPUTS } from "./check";
import { ASSIGNMENT_RULES } from "./diff";
import { GdapAccessAssignmentOutputProps } from "./types";

const OUTPUTS = describeOutputs(GdapAccessAssignmentOutputProps, {
    assignmentId: "The access assignment's id in Microsoft Graph.",
    status: "The assignment's status (`active` once applied).",
    roleNames: "The roles, by documented name.",
    roleDefinitionIds: "The roles' definition ids, sorted.",
    createdDateTime: "When the assignment was created (ISO 8601).",
    etag: "The assignment's etag, for updates.",
});

/** The definition of `GdapAccessAssignment`. */
export const ASSIGNMENT_DEFINITION: ResourceDefinition = defineResource({
    typeName: "GdapAccessAssignment",
    description:
        "A GDAP access assignment: roles of an active GDAP relationship granted to a security group of your " +
        "partner tenant, in Microsoft Graph.",
    inputs: ASSIGNMENT_INPUTS,
    example: {
        relationshipId: "5e5594d3-6f82-458b-b567-77db4811f0cd-00000000-0000-0000-0000-000000000000",
        securityGroupId: "9a1b4c5d-2e3f-4a6b-8c7d-0e1f2a3b4c5d",
        roles: ["Helpdesk Administrator"],
    },
    diffRules: ASSIGNMENT_RULES,
    outputs: OUTPUTS,
    previewReads: [],
    idOutputs: ["assignmentId"],
    idDescription:
        "the access assignment id in Microsoft Graph; imported as `relationshipId/assignmentId` (Graph addresses an " +
        "assignment under its relationship)",
    importer: {
        idForm: "<relationshipId>/<assignmentId>",
        importState: (id) => {
            const [relationshipId, assignmentId] = importIdParts(
                "GdapAccessAssignment",
                id,
                "<relationshipId>/<assignmentId>",
                { count: 2 },
            ) as [string, string];
            return { id: assignmentId, state: { relationshipId } };
        },
        idOfState: (id, outputs) => `${String(outputs["relationshipId"])}/${id}`,
    },
    implementationModule: "pulumi-partnercenter/gdap-access-assignment",
    importNotSupported: (name) =>
        `GdapAccessAssignment ${name}: the import option does not work for dynamic providers (pulumi/pulumi#3550). ` +
        "Declare the assignment without it.",
});
