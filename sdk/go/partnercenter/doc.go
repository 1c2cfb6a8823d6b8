// Microsoft Partner Center for CSP indirect providers: customers for indirect resellers, Microsoft Customer Agreement attestation, GDAP relationships and access assignments.
package partnercenter
