// GDAP onboarding: customer → custom GDAP relationship → access assignments for two partner security groups.
//
// 1. `pulumi up`: creates the customer and the relationship, locked for approval. The outputs say what to send to
//    whom (pendingAction) and where the customer approves (invitationUrl).
// 2. The customer's Global Administrator approves (against the emulator: POST /_emulator/gdap/relationships/{id}/approve).
// 3. `pulumi refresh` shows the relationship active; `pulumi config set assignAccess true` and `pulumi up` grant the
//    roles to your security groups. Declared earlier, the assignments fail in preview with the relationship's status.
import * as pulumi from "@pulumi/pulumi";
import { GdapAccessAssignment, GdapRelationship, IndirectResellerCustomer } from "pulumi-partnercenter";

const config = new pulumi.Config();

const companyName = "Fabrikam";
const customer = new IndirectResellerCustomer("fabrikam", {
    associatedPartnerId: config.require("resellerId"),
    companyProfile: { domain: config.require("domain") },
    billingProfile: {
        email: "it@fabrikam.example",
        culture: "en-US",
        language: "en",
        companyName,
        defaultAddress: {
            firstName: "Ana",
            lastName: "Bowman",
            addressLine1: "One Microsoft Way",
            city: "Redmond",
            state: "WA",
            postalCode: "98052",
            country: "US",
            phoneNumber: "4255550102",
        },
    },
});

const relationship = new GdapRelationship("fabrikam-gdap", {
    displayName: "Fabrikam managed services",
    customerTenantId: customer.tenantId,
    // The name from config, not the customer's output: outputs of a customer being updated are unknown in preview,
    // and a dependent reading one would preview a change that `up` never makes.
    customerDisplayName: companyName,
    roles: ["Helpdesk Administrator", "User Administrator", "License Administrator", "Global Reader"],
    duration: "P730D",
    onDelete: "terminate",
});

const assignments = config.getBoolean("assignAccess")
    ? [
          new GdapAccessAssignment("helpdesk-agents", {
              relationshipId: relationship.relationshipId,
              securityGroupId: config.require("helpdeskGroupId"),
              roles: ["Helpdesk Administrator", "Global Reader"],
          }),
          new GdapAccessAssignment("tenant-admins", {
              relationshipId: relationship.relationshipId,
              securityGroupId: config.require("adminGroupId"),
              roles: ["User Administrator", "License Administrator"],
          }),
      ]
    : [];

export const tenantId = customer.tenantId;
export const relationshipId = relationship.relationshipId;
export const status = relationship.status;
export const invitationUrl = relationship.invitationUrl;
export const pendingAction = relationship.pendingAction;
/** `pending` right after creation, then `active`. */
export const assignmentStatuses = pulumi.all(assignments.map((a) => a.status));
