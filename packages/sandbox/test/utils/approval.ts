/**
 * A second buyer user, the approver, in group `approvers`, with the approval
 * rule `big-orders` (orders over 100): what the order-approval tests set up.
 */
import { Session } from "@ordercloud-effect/auth"
import { ApprovalRules, UserGroups, Users } from "@ordercloud-effect/resources"
import * as Effect from "effect/Effect"
import * as Redacted from "effect/Redacted"
import * as Seed from "../../src/Seed.js"

const username = "approver01"
const password = "Sandbox-Approver-1"

/** The seller's calls that create the approver, its group and the rule. */
export const setUpApproval = Effect.gen(function*() {
  yield* Users.create(Seed.buyerID, {
    ID: username,
    Username: username,
    Password: password,
    FirstName: "Ann",
    LastName: "Prover",
    Email: "approver@sandbox.test",
    Active: true
  })
  yield* UserGroups.create(Seed.buyerID, { ID: "approvers", Name: "Approvers" })
  yield* UserGroups.saveUserAssignment(Seed.buyerID, { UserGroupID: "approvers", UserID: username })
  yield* ApprovalRules.create(Seed.buyerID, {
    ID: "big-orders",
    ApprovingGroupID: "approvers",
    RuleExpression: "order.Total > 100"
  })
})

/** The approver signed in, with `scope`. */
export const approverSession = (scope: ReadonlyArray<string>) =>
  Session.layerPassword({
    clientID: Seed.storefrontClientID,
    username,
    password: Redacted.make(password),
    scope
  })
