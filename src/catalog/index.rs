//! The sorted index of catalog entries: one line per code, its explanation pulled in from `codes/`.
//! Keep it sorted by code (byte order); `catalog::tests` checks order, uniqueness and orphans.

pub(super) static FILES: &[(&str, &str)] = &[
    ("AADSTS500011", include_str!("codes/AADSTS500011.md")),
    ("AADSTS50076", include_str!("codes/AADSTS50076.md")),
    ("AADSTS50079", include_str!("codes/AADSTS50079.md")),
    ("AADSTS53003", include_str!("codes/AADSTS53003.md")),
    ("AADSTS65001", include_str!("codes/AADSTS65001.md")),
    ("AADSTS700016", include_str!("codes/AADSTS700016.md")),
    ("AADSTS7000215", include_str!("codes/AADSTS7000215.md")),
    ("AADSTS7000222", include_str!("codes/AADSTS7000222.md")),
    ("AADSTS700024", include_str!("codes/AADSTS700024.md")),
    ("AADSTS70011", include_str!("codes/AADSTS70011.md")),
    ("AADSTS90002", include_str!("codes/AADSTS90002.md")),
    ("AADSTS901002", include_str!("codes/AADSTS901002.md")),
    (
        "ActiveRequestAlreadyExists",
        include_str!("codes/ActiveRequestAlreadyExists.md"),
    ),
    (
        "Authentication_MissingOrMalformed",
        include_str!("codes/Authentication_MissingOrMalformed.md"),
    ),
    (
        "AuthorizationFailed",
        include_str!("codes/AuthorizationFailed.md"),
    ),
    (
        "Authorization_RequestDenied",
        include_str!("codes/Authorization_RequestDenied.md"),
    ),
    ("BadRequest", include_str!("codes/BadRequest.md")),
    (
        "ClientVersionNotSupported",
        include_str!("codes/ClientVersionNotSupported.md"),
    ),
    ("DisabledFeature", include_str!("codes/DisabledFeature.md")),
    (
        "DisallowedOperation",
        include_str!("codes/DisallowedOperation.md"),
    ),
    ("Forbidden", include_str!("codes/Forbidden.md")),
    (
        "InternalServerError",
        include_str!("codes/InternalServerError.md"),
    ),
    (
        "InvalidAuthenticationToken",
        include_str!("codes/InvalidAuthenticationToken.md"),
    ),
    (
        "InvalidAuthenticationTokenAudience",
        include_str!("codes/InvalidAuthenticationTokenAudience.md"),
    ),
    (
        "InvalidDomainName",
        include_str!("codes/InvalidDomainName.md"),
    ),
    (
        "InvalidHashValue",
        include_str!("codes/InvalidHashValue.md"),
    ),
    ("InvalidInput", include_str!("codes/InvalidInput.md")),
    (
        "InvalidIpAddress",
        include_str!("codes/InvalidIpAddress.md"),
    ),
    (
        "InvalidRequestBody",
        include_str!("codes/InvalidRequestBody.md"),
    ),
    ("InvalidUrl", include_str!("codes/InvalidUrl.md")),
    (
        "MaximumBatchSizeExceeded",
        include_str!("codes/MaximumBatchSizeExceeded.md"),
    ),
    (
        "MissingRequiredParameter",
        include_str!("codes/MissingRequiredParameter.md"),
    ),
    ("NotFound", include_str!("codes/NotFound.md")),
    ("ODataError", include_str!("codes/ODataError.md")),
    (
        "OsPlatformNotSupported",
        include_str!("codes/OsPlatformNotSupported.md"),
    ),
    (
        "Request_ResourceNotFound",
        include_str!("codes/Request_ResourceNotFound.md"),
    ),
    (
        "ResourceNotFound",
        include_str!("codes/ResourceNotFound.md"),
    ),
    ("TooManyRequests", include_str!("codes/TooManyRequests.md")),
    ("Unauthorized", include_str!("codes/Unauthorized.md")),
    ("UnknownError", include_str!("codes/UnknownError.md")),
    ("accessDenied", include_str!("codes/accessDenied.md")),
    ("invalid_client", include_str!("codes/invalid_client.md")),
    ("invalid_grant", include_str!("codes/invalid_grant.md")),
    ("invalid_request", include_str!("codes/invalid_request.md")),
    (
        "invalid_resource",
        include_str!("codes/invalid_resource.md"),
    ),
    ("invalid_scope", include_str!("codes/invalid_scope.md")),
    (
        "unauthorized_client",
        include_str!("codes/unauthorized_client.md"),
    ),
];
