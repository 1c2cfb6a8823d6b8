/**
 * Microsoft Graph (`pulumi-partnercenter/graph`): the GDAP contract shared with the emulator, the Graph client and
 * the built-in role table.
 */
export * from "./contract";
export { createGraphClient, GraphOperationError } from "./client";
export type {
    GraphClient,
    GraphClientOptions,
    GraphCredentials,
    GraphCallOptions,
    AccessAssignmentUpdate,
    WaitOptions,
    Relationship,
    AccessAssignment,
} from "./client";
export { GraphError, isGraphError } from "./errors";
export { GraphHeaders } from "./request";
export { BUILT_IN_ROLES, resolveRole, closestRoleName, roleName, isGuid } from "./roles";
export type { ResolvedRole, RoleResolution } from "./roles";
