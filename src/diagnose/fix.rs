//! What to do: the steps of a diagnosis's fix, this case's own first, then the catalog's general ones.

use crate::facts::advice::{fill, get, Key};
use crate::response::Response;

use super::api::Api;
use super::request::host_of;

use std::borrow::Cow;

/// What to do about a permission failure of an API that is not Defender for Endpoint.
pub(super) fn other_api_advice(api: Api, r: &Response) -> Cow<'static, str> {
    match api {
        Api::Graph => Cow::Borrowed(get(Key::GraphCallAdvice)),
        Api::Arm => Cow::Borrowed(get(Key::OtherApiArm)),
        Api::LogAnalytics => Cow::Borrowed(get(Key::OtherApiLogAnalytics)),
        Api::Portal => Cow::Borrowed(get(Key::OtherApiPortal)),
        _ => {
            let host = r
                .request
                .as_ref()
                .and_then(|q| host_of(&q.url))
                .unwrap_or("The API that answered");
            Cow::Owned(fill(Key::OtherApiUnknown, &[("host", host)]))
        }
    }
}
