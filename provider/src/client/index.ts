/**
 * Partner Center client (`pulumi-partnercenter/client`): typed calls with idempotent retries, pacing,
 * token refresh and secret-free errors.
 */
export { createPartnerCenterClient, customerFilterOf, DEFAULT_MAX_PAGES } from "./client";
export type { ResponseOf } from "./client";
export {
    PartnerCenterError,
    isPartnerCenterError,
    isDecodeError,
    parseErrorBody,
    decodeMessages,
    statusText,
} from "./errors";
export type { PartnerCenterErrorInit, PartnerCenterErrorKind, ParsedErrorBody } from "./errors";
export { redact, redactValue, isSecretKey, SecretSet, REDACTED } from "./redact";
export { DEFAULT_RETRY_POLICY, decideRetry, parseRetryAfter, resolveRetryPolicy, isTransientStatus } from "./retry";
export type { RetryDecision, RetryContext } from "./retry";
export {
    DEFAULT_PACING_POLICY,
    adaptivePolicyOf,
    combinePacers,
    createPacer,
    pacerOf,
    resolvePacingPolicy,
} from "./pacing";
export {
    DEFAULT_ADAPTIVE_RATE_POLICY,
    initialRateState,
    nextRateState,
    rateHeadersSignal,
    resolveAdaptiveRatePolicy,
} from "./adaptive-rate";
export type { AdaptiveRatePolicy, AdaptiveRateState, RateSignal } from "./adaptive-rate";
export type { Pacer, PacerDeps, PacerSelector, PacingWaitListener, PacingWaitReason, Release } from "./pacing";
export {
    staticTokenProvider,
    refreshTokenProvider,
    clientCredentialsTokenProvider,
    oauthTokenProvider,
    refreshMarginMs,
    lifetimeMs,
    RENEW_REFRESH_TOKEN_STEP,
} from "./auth";
export {
    ASSERTION_LIFETIME_SECONDS,
    CertificateProblem,
    clientAssertion,
    JWT_BEARER_ASSERTION_TYPE,
    loadClientCertificate,
} from "./certificate";
export type { AssertionClaims, ClientCertificate, ClientCertificateSource } from "./certificate";
export { DEVICE_CODE_GRANT_TYPE, DeviceCodeError, deviceCodeSignIn, jwtClaims, signInFacts } from "./device-code";
export type { DeviceCodePrompt, DeviceCodeSignInOptions, DeviceCodeTokens, SignInFacts } from "./device-code";
export type {
    TokenProvider,
    TokenRefreshInfo,
    RefreshTokenProviderOptions,
    OAuthGrant,
    OAuthTokenProviderOptions,
} from "./auth";
export { buildHeaders, buildUrl, sendAttempt } from "./request";
export type { AttemptInput, AttemptResult, TransportContext } from "./request";
export type * from "./types";
