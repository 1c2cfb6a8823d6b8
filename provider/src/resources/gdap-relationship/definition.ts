/**
 * `GdapRelationship`, defined once as data (see `common/definition.ts`).
 */
import { defineResource, type ResourceDefinition } from "../common/definition";
import { importIdParts } from "../common/import";
import { describeOutputs } from "../common/shapes";
import { RELATIONSHIP_INPUTS } from "./check";
import { RELATIONSHIP_RULES } from "./diff";
import { GdapRelationshipOutputProps } from "./types";

const OUTPUTS = describeOutputs(GdapRelationshipOutputProps, {
    relationshipId: "The relationship's id in Microsoft Graph (also the resource id).",
    status: "`approvalPending` until the customer approves, then `active` (`expired`/`terminated` drop it).",
    invitationUrl: "Where a Global Administrator of the customer approves the relationship.",
    pendingAction: "What to send to whom while approval is pending; empty once active.",
    roleNames: "The roles, by documented name.",
    roleDefinitionIds: "The roles' definition ids, sorted.",
    createdDateTime: "When the relationship was created (ISO 8601).",
    activatedDateTime: "When it became active (ISO 8601); empty until then.",
    endDateTime: "When it ends (ISO 8601).",
    etag: "The relationship's etag, for updates.",
});

/** The definition of `GdapRelationship`. */
export const RELATIONSHIP_DEFINITION: ResourceDefinition = defineResource({
    typeName: "GdapRelationship",
    description:
        "A granular delegated admin relationship (GDAP) between you and a customer, in Microsoft Graph, created " +
        "and locked for the customer's approval.",
    inputs: RELATIONSHIP_INPUTS,
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
    importer: {
        idForm: "<relationshipId>",
        importState: (id) => ({
            id: importIdParts("GdapRelationship", id, "<relationshipId>", { count: 1 })[0] as string,
            state: {},
        }),
    },
    implementationModule: "pulumi-partnercenter/gdap-relationship",
    importNotSupported: (name) =>
        `GdapRelationship ${name}: the import option does not work for dynamic providers (pulumi/pulumi#3550). ` +
        "Declare the relationship without it: a relationship with the same displayName, customer and roles that " +
        "is still waiting for approval is taken over on create instead of being created twice.",
});
