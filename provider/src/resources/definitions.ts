/**
 * Every resource of this package, by its definition: what the conformance suite iterates over (a new resource is
 * covered by being listed here) and what the provider plugin will serve and generate its schema from.
 */
import { AGREEMENT_DEFINITION } from "./agreement/definition";
import { CONSENT_DEFINITION } from "./application-consent/definition";
import type { ResourceDefinition } from "./common/definition";
import { CUSTOMER_DEFINITION } from "./customer/definition";
import { ASSIGNMENT_DEFINITION } from "./gdap-access-assignment/definition";
import { RELATIONSHIP_DEFINITION } from "./gdap-relationship/definition";

export type { OutputProperty, ResourceDefinition } from "./common/definition";

/** The definitions, in the order a customer's onboarding uses them. */
export const RESOURCE_DEFINITIONS: readonly ResourceDefinition[] = [
    CUSTOMER_DEFINITION,
    AGREEMENT_DEFINITION,
    RELATIONSHIP_DEFINITION,
    ASSIGNMENT_DEFINITION,
    CONSENT_DEFINITION,
];
