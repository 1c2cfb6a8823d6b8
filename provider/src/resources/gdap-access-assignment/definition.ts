/**
 * `GdapAccessAssignment`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type OutputProperty, type ResourceDefinition } from "../common/definition";
import { ASSIGNMENT_FIELDS, ASSIGNMENT_SCHEMA, checkAssignmentInputs } from "./check";
import { ASSIGNMENT_RULES } from "./diff";

const OUTPUTS: readonly OutputProperty[] = [
    { name: "assignmentId", description: "The access assignment's id in Microsoft Graph." },
    { name: "status", description: "The assignment's status (`active` once applied)." },
    { name: "roleNames", type: "stringList", description: "The roles, by documented name." },
    { name: "roleDefinitionIds", type: "stringList", description: "The roles' definition ids, sorted." },
    { name: "createdDateTime", description: "When the assignment was created (ISO 8601)." },
    { name: "etag", description: "The assignment's etag, for updates." },
];

/** The definition of `GdapAccessAssignment`. */
export const ASSIGNMENT_DEFINITION: ResourceDefinition = defineResource({
    typeName: "GdapAccessAssignment",
    description:
        "A GDAP access assignment: roles of an active GDAP relationship granted to a security group of your " +
        "partner tenant, in Microsoft Graph.",
    inputs: { fields: ASSIGNMENT_FIELDS, check: checkAssignmentInputs },
    derivedInputs: ASSIGNMENT_SCHEMA.derived ?? [],
    example: {
        relationshipId: "5e5594d3-6f82-458b-b567-77db4811f0cd-00000000-0000-0000-0000-000000000000",
        securityGroupId: "9a1b4c5d-2e3f-4a6b-8c7d-0e1f2a3b4c5d",
        roles: ["Helpdesk Administrator"],
    },
    diffRules: ASSIGNMENT_RULES,
    outputs: OUTPUTS,
    previewReads: [],
    idOutputs: ["assignmentId"],
    idDescription: "the access assignment id in Microsoft Graph",
    implementationModule: "pulumi-partnercenter/gdap-access-assignment",
    importNotSupported: (name) =>
        `GdapAccessAssignment ${name}: the import option does not work for dynamic providers (pulumi/pulumi#3550). ` +
        "Declare the assignment without it.",
});
