/**
 * The shapes of `GdapAccessAssignment`, as codecs (see `common/shapes.ts`): what a program gives, what `check`
 * makes of it, and what state holds. The TSDoc here is what editors show on the class's properties.
 */
import * as t from "io-ts";

/** The inputs a program gives. */
export const GdapAccessAssignmentArgs = t.type({
    /** `GdapRelationship.relationshipId`. The relationship must be `active`: before that, preview fails saying so. */
    relationshipId: t.string,
    /** Object id of a security group in your partner tenant. Changing it replaces the assignment. */
    securityGroupId: t.string,
    /** Role names or ids, a subset of the relationship's roles (checked in preview). Updated in place. */
    roles: t.array(t.string),
});
export type GdapAccessAssignmentArgs = t.TypeOf<typeof GdapAccessAssignmentArgs>;

/** Inputs after `check`: role names resolved to `roleDefinitionIds`. */
export type GdapAccessAssignmentInputs = GdapAccessAssignmentArgs & {
    /** The roles' definition ids, sorted (computed by `check`). */
    roleDefinitionIds: string[];
};

/** The outputs that are not inputs: what Graph reports. */
export const GdapAccessAssignmentOutputProps = t.type({
    /** The access assignment's id in Microsoft Graph (also the resource id). */
    assignmentId: t.string,
    /** `pending` right after creation, then `active` once applied. */
    status: t.string,
    /** The roles, by documented name. */
    roleNames: t.array(t.string),
    /** The roles' definition ids, sorted. */
    roleDefinitionIds: t.array(t.string),
    /** When the assignment was created (ISO 8601). */
    createdDateTime: t.string,
    /** The assignment's etag, for updates. */
    etag: t.string,
});

/** State: the checked inputs plus what Graph reports. */
export type GdapAccessAssignmentOutputs = GdapAccessAssignmentInputs & t.TypeOf<typeof GdapAccessAssignmentOutputProps>;
