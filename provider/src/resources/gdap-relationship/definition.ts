/**
 * `GdapRelationship`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type OutputProperty, type ResourceDefinition } from "../common/definition";
import { checkRelationshipInputs, RELATIONSHIP_FIELDS, RELATIONSHIP_SCHEMA } from "./check";
import { RELATIONSHIP_RULES } from "./diff";

const OUTPUTS: readonly OutputProperty[] = [
    { name: "relationshipId", description: "The relationship's id in Microsoft Graph (also the resource id)." },
    {
        name: "status",
        description: "`approvalPending` until the customer approves, then `active` (`expired`/`terminated` drop it).",
    },
    { name: "invitationUrl", description: "Where a Global Administrator of the customer approves the relationship." },
    { name: "pendingAction", description: "What to send to whom while approval is pending; empty once active." },
    { name: "roleNames", type: "stringList", description: "The roles, by documented name." },
    { name: "roleDefinitionIds", type: "stringList", description: "The roles' definition ids, sorted." },
    { name: "createdDateTime", description: "When the relationship was created (ISO 8601)." },
    { name: "activatedDateTime", description: "When it became active (ISO 8601); empty until then." },
    { name: "endDateTime", description: "When it ends (ISO 8601)." },
    { name: "etag", description: "The relationship's etag, for updates." },
];

/** The definition of `GdapRelationship`. */
export const RELATIONSHIP_DEFINITION: ResourceDefinition = defineResource({
    typeName: "GdapRelationship",
    description:
        "A granular delegated admin relationship (GDAP) between you and a customer, in Microsoft Graph, created " +
        "and locked for the customer's approval.",
    inputs: { fields: RELATIONSHIP_FIELDS, check: checkRelationshipInputs },
    derivedInputs: RELATIONSHIP_SCHEMA.derived ?? [],
    example: {
        displayName: "Contoso support",
        customerTenantId: "4b827261-d21f-4aa9-b7db-7fa1f56fb163",
        roles: ["Helpdesk Administrator", "User Administrator"],
        onDelete: "terminate",
    },
    diffRules: RELATIONSHIP_RULES,
    outputs: OUTPUTS,
    previewReads: ["listDelegatedAdminRelationships"],
    idOutputs: ["relationshipId"],
    idDescription: "the relationship id in Microsoft Graph",
    implementationModule: "pulumi-partnercenter/gdap-relationship",
    importNotSupported: (name) =>
        `GdapRelationship ${name}: the import option does not work for dynamic providers (pulumi/pulumi#3550). ` +
        "Declare the relationship without it: a relationship with the same displayName, customer and roles that " +
        "is still waiting for approval is taken over on create instead of being created twice.",
});
