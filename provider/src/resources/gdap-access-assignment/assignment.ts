/**
 * `GdapAccessAssignment`: grants roles of an active GDAP relationship to a security group of the partner tenant
 * (`…/delegatedAdminRelationships/{id}/accessAssignments`).
 */
import * as pulumi from "@pulumi/pulumi";

import { PartnerCenterResource } from "../common/resource";
import type { ArgsOf, OutputsOf } from "../common/shapes";
import { ASSIGNMENT_DEFINITION } from "./definition";
import * as assignmentProviderStub from "./stub";
import type { GdapAccessAssignmentArgs as AssignmentArgs, GdapAccessAssignmentOutputs } from "./types";

/** Arguments of {@link GdapAccessAssignment}. */
export type GdapAccessAssignmentArgs = ArgsOf<AssignmentArgs>;

// The output properties, derived from the codecs: declaration merging adds them to the class; the engine sets them.
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type
export interface GdapAccessAssignment extends OutputsOf<GdapAccessAssignmentOutputs> {}

/** Roles of an active GDAP relationship granted to a security group of your partner tenant. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class GdapAccessAssignment extends PartnerCenterResource {
    constructor(name: string, args: GdapAccessAssignmentArgs, opts?: pulumi.CustomResourceOptions) {
        super(ASSIGNMENT_DEFINITION, assignmentProviderStub, name, args, opts);
    }
}
