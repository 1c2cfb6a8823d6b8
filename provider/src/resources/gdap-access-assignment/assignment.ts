/**
 * `GdapAccessAssignment`: grants roles of an active GDAP relationship to a security group of the partner tenant
 * (`…/delegatedAdminRelationships/{id}/accessAssignments`).
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import { ASSIGNMENT_DEFINITION } from "./definition";
import * as assignmentProviderStub from "./stub";

export interface GdapAccessAssignmentArgs {
    /** `GdapRelationship.relationshipId`. The relationship must be `active`: before that, preview fails saying so. */
    relationshipId: pulumi.Input<string>;
    /** Object id of a security group in your partner tenant. Changing it replaces the assignment. */
    securityGroupId: pulumi.Input<string>;
    /** Role names or ids, a subset of the relationship's roles (checked in preview). Updated in place. */
    roles: pulumi.Input<pulumi.Input<string>[]>;
}

export class GdapAccessAssignment extends PartnerCenterResource {
    declare readonly assignmentId: pulumi.Output<string>;
    /** `pending` right after creation, then `active`. */
    declare readonly status: pulumi.Output<string>;
    declare readonly relationshipId: pulumi.Output<string>;
    declare readonly securityGroupId: pulumi.Output<string>;
    declare readonly roleNames: pulumi.Output<string[]>;
    declare readonly roleDefinitionIds: pulumi.Output<string[]>;
    declare readonly createdDateTime: pulumi.Output<string>;

    constructor(name: string, args: GdapAccessAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(ASSIGNMENT_DEFINITION, assignmentProviderStub, name, args, opts);
    }
}
