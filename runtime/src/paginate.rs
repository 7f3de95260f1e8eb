//! Pagination: a request that pages ([`Paginated`]) and, with the `client` feature, streams of
//! its pages and of their items ([`Client::pages`](crate::client::Client::pages),
//! [`Client::items`](crate::client::Client::items)).
//!
//! Tencent Cloud pages in three styles ([`Paging`]): an offset and a limit, with the total in
//! the response (`Offset`/`Limit`/`TotalCount`); a page number and a page size
//! (`PageNumber`/`PageSize`); and a token the response hands back for the next page
//! (`NextToken`). A stream sends the request as given (its first page is the one the user
//! asked for), then one request per page, each a clone with the position moved on.
//!
//! # When a stream ends
//!
//! Servers are not all careful about pages, so the rules favour stopping over looping, and
//! every rule is checked after each page:
//!
//! - **An error** ends the stream with that error, after the client's own retries.
//! - **A repeated page**: a page whose items equal the previous page's (not empty) means the
//!   server ignored the position; it is not yielded and the stream ends. Without this, a
//!   server that ignores `Offset` would yield its first page again and again.
//! - **Offset and page number**: an empty page ends the stream. When the response has a total,
//!   the stream ends once the items up to this page (offset plus items, or pages before
//!   times the page size plus items) reach it; a page shorter than asked does not end it
//!   then, since a service may cap the page size below the one asked for. Without a total, a
//!   page with fewer items than the request's limit (or page size) ends it; with neither, only
//!   an empty page does. The next offset is the offset plus the items received (not the
//!   limit), so a capped page size skips nothing; the next page number is one more.
//! - **Token**: the stream ends when the response has no token, an empty one, or one it has
//!   already sent (a server that hands back the same token would loop forever). An empty
//!   page does not end it: a token service may return one and more after it.
//!
//! An unset offset is taken as 0 and an unset page number as the action's first page
//! ([`Paging::PageNumber::first`]: 1, or 0 where the docs say pages count from 0); set
//! them to start elsewhere.

/// How an action pages; see [the module](self) for the rules each style follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paging {
    /// `Offset` and `Limit` in the request, usually a total (`TotalCount`) in the response.
    Offset,
    /// A page number (`PageNumber`, `PageNo`, `PageIndex`...) and a `PageSize` in the request,
    /// usually a total of items in the response.
    PageNumber {
        /// The number of the first page: 1, or 0 for services that count from 0.
        first: u64,
    },
    /// A token (`NextToken`, `Cursor`, `Context`...) the response returns for the next page.
    Token,
}

/// A request whose action pages: where its position is, and where a response keeps its
/// items, total and next token. Every paging request type of the generated SDK crates
/// implements it; the generated `Client` has a `<action>_pages` and a `<action>_items`
/// method for each.
///
/// Only what [`Paginated::PAGING`] uses needs a body: the position and page size for
/// [`Paging::Offset`] and [`Paging::PageNumber`], the token for [`Paging::Token`]; the
/// others keep their defaults.
///
/// ```
/// use tcapi::{Action, Paginated, Paging};
///
/// #[derive(Clone, serde::Serialize)]
/// #[serde(rename_all = "PascalCase")]
/// struct DescribeZonesRequest {
///     offset: Option<u64>,
///     limit: Option<u64>,
/// }
///
/// #[derive(Debug, tcapi::TencentResponse)]
/// struct DescribeZonesResponse {
///     pub total_count: Option<u64>,
///     pub zone_set: Option<Vec<String>>,
///     pub request_id: String,
/// }
///
/// impl Action for DescribeZonesRequest {
///     const SERVICE: &'static str = "cvm";
///     const VERSION: &'static str = "2017-03-12";
///     const ACTION: &'static str = "DescribeZones";
///     type Response = DescribeZonesResponse;
///     fn idempotent(&self) -> bool {
///         true
///     }
/// }
///
/// impl Paginated for DescribeZonesRequest {
///     type Item = String;
///     const PAGING: Paging = Paging::Offset;
///     fn items(response: &DescribeZonesResponse) -> &[String] {
///         response.zone_set.as_deref().unwrap_or_default()
///     }
///     fn into_items(response: DescribeZonesResponse) -> Vec<String> {
///         response.zone_set.unwrap_or_default()
///     }
///     fn position(&self) -> Option<u64> {
///         self.offset
///     }
///     fn set_position(&mut self, position: u64) {
///         self.offset = Some(position);
///     }
///     fn page_size(&self) -> Option<u64> {
///         self.limit
///     }
///     fn total(response: &DescribeZonesResponse) -> Option<u64> {
///         response.total_count
///     }
/// }
/// ```
pub trait Paginated: crate::Action + Clone {
    /// One element of a page.
    type Item: Clone + PartialEq;

    /// How the action pages.
    const PAGING: Paging;

    /// The items of a page (empty when the response has none).
    fn items(response: &Self::Response) -> &[Self::Item];

    /// The items of a page, taken out of it.
    fn into_items(response: Self::Response) -> Vec<Self::Item>;

    /// The offset or page number the request asks for; `None` when unset (the service's
    /// default: offset 0 or the first page). Unused for [`Paging::Token`].
    fn position(&self) -> Option<u64> {
        None
    }

    /// Moves the request to this offset or page number. Unused for [`Paging::Token`].
    fn set_position(&mut self, position: u64) {
        let _ = position;
    }

    /// The limit or page size the request asks for; `None` when unset (the service's
    /// default, which the stream then does not know). Unused for [`Paging::Token`].
    fn page_size(&self) -> Option<u64> {
        None
    }

    /// The total number of items the response reports, if it does. Unused for
    /// [`Paging::Token`].
    fn total(response: &Self::Response) -> Option<u64> {
        let _ = response;
        None
    }

    /// Moves the request to the page of this token. Used for [`Paging::Token`] only.
    fn set_token(&mut self, token: &str) {
        let _ = token;
    }

    /// The token of the next page, as the response gives it. Used for [`Paging::Token`]
    /// only.
    fn next_token(response: &Self::Response) -> Option<&str> {
        let _ = response;
        None
    }
}

/// A field that holds an offset, a page number, a size or a total, whatever its integer type
/// and whether it is optional, so the generated glue is the same for all: a negative or
/// absent value reads as `None`.
#[doc(hidden)]
pub trait PageNumberField {
    fn get(&self) -> Option<u64>;
    fn set(&mut self, value: u64);
}

impl PageNumberField for u64 {
    fn get(&self) -> Option<u64> {
        Some(*self)
    }
    fn set(&mut self, value: u64) {
        *self = value;
    }
}

impl PageNumberField for i64 {
    fn get(&self) -> Option<u64> {
        u64::try_from(*self).ok()
    }
    fn set(&mut self, value: u64) {
        *self = i64::try_from(value).unwrap_or(i64::MAX);
    }
}

impl<T: PageNumberField + Default> PageNumberField for Option<T> {
    fn get(&self) -> Option<u64> {
        self.as_ref().and_then(T::get)
    }
    fn set(&mut self, value: u64) {
        self.get_or_insert_with(T::default).set(value);
    }
}

/// A request field that holds a page token, required (`String`) or not.
#[doc(hidden)]
pub trait PageTokenField {
    fn set(&mut self, token: &str);
}

impl PageTokenField for String {
    fn set(&mut self, token: &str) {
        token.clone_into(self);
    }
}

impl PageTokenField for Option<String> {
    fn set(&mut self, token: &str) {
        *self = Some(token.to_owned());
    }
}

/// The items of a response's list field, empty when absent.
#[doc(hidden)]
pub fn page_items<T>(items: &Option<Vec<T>>) -> &[T] {
    items.as_deref().unwrap_or_default()
}

#[cfg(feature = "client")]
pub use self::pager::PageError;
/// The stream trait of [`Client::pages`](crate::client::Client::pages) and
/// [`Client::items`](crate::client::Client::items), from `futures-core`; use the
/// `StreamExt` of `futures-util` or `tokio-stream` to consume them.
#[cfg(feature = "client")]
pub use futures_core::Stream;

#[cfg(feature = "client")]
pub(crate) use self::pager::{items, pages};

#[cfg(feature = "client")]
mod pager {
    use std::collections::HashSet;

    use futures_core::Stream;

    use super::{Paginated, Paging};
    use crate::client::Client;
    use crate::{Error, TencentResponse};

    /// The error of a paging stream of `R`: the error of its action.
    pub type PageError<R> = Error<<<R as crate::Action>::Response as TencentResponse>::Code>;

    /// The pages of `request` as a stream: [`Client::pages`].
    pub(crate) fn pages<R: Paginated>(
        client: &Client,
        request: &R,
    ) -> impl Stream<Item = Result<R::Response, PageError<R>>> + Unpin {
        let pager = Pager::new(client.clone(), request.clone());
        Box::pin(futures_util::stream::unfold(
            pager,
            |mut pager| async move {
                let page = pager.next_page().await?;
                Some((page, pager))
            },
        ))
    }

    /// The items of every page of `request` as a stream: [`Client::items`].
    pub(crate) fn items<R: Paginated>(
        client: &Client,
        request: &R,
    ) -> impl Stream<Item = Result<R::Item, PageError<R>>> + Unpin {
        let pager = Pager::new(client.clone(), request.clone());
        let state = (pager, Vec::new().into_iter());
        Box::pin(futures_util::stream::unfold(
            state,
            |(mut pager, mut items)| async move {
                loop {
                    if let Some(item) = items.next() {
                        return Some((Ok(item), (pager, items)));
                    }
                    match pager.next_page().await? {
                        Ok(page) => items = R::into_items(page).into_iter(),
                        Err(error) => return Some((Err(error), (pager, items))),
                    }
                }
            },
        ))
    }

    /// The state of a paging stream: the next request to send (`None` once done), and what
    /// the stop rules remember.
    struct Pager<R: Paginated> {
        client: Client,
        next: Option<R>,
        previous: Vec<R::Item>,
        tokens: HashSet<String>,
        seen: u64,
    }

    impl<R: Paginated> Pager<R> {
        fn new(client: Client, request: R) -> Self {
            Pager {
                client,
                next: Some(request),
                previous: Vec::new(),
                tokens: HashSet::new(),
                seen: 0,
            }
        }

        /// The next page, or `None` once done; an error is last.
        async fn next_page(&mut self) -> Option<Result<R::Response, PageError<R>>> {
            let request = self.next.take()?;
            let page = match self.client.send(&request).await {
                Ok(page) => page,
                Err(error) => return Some(Err(error)),
            };
            let items = R::items(&page);
            if !items.is_empty() && items == self.previous.as_slice() {
                return None;
            }
            self.next = self.after(request, &page);
            if self.next.is_some() {
                self.previous = R::items(&page).to_vec();
            }
            Some(Ok(page))
        }

        /// The request of the page after `page`, which answered `request`; `None` when
        /// `page` is the last.
        fn after(&mut self, mut request: R, page: &R::Response) -> Option<R> {
            let count = R::items(page).len() as u64;
            self.seen = self.seen.saturating_add(count);
            let (next, reached) = match R::PAGING {
                Paging::Token => {
                    let token = R::next_token(page).filter(|token| !token.is_empty())?;
                    if !self.tokens.insert(token.to_owned()) {
                        return None;
                    }
                    request.set_token(token);
                    return Some(request);
                }
                _ if count == 0 => return None,
                Paging::Offset => {
                    let reached = request.position().unwrap_or(0).saturating_add(count);
                    (reached, reached)
                }
                Paging::PageNumber { first } => {
                    let number = request.position().unwrap_or(first);
                    let reached = match request.page_size() {
                        Some(size) => number
                            .saturating_sub(first)
                            .saturating_mul(size)
                            .saturating_add(count),
                        None => self.seen,
                    };
                    (number.saturating_add(1), reached)
                }
            };
            let last = match R::total(page) {
                Some(total) => reached >= total,
                None => request.page_size().is_some_and(|size| count < size),
            };
            if last {
                return None;
            }
            request.set_position(next);
            Some(request)
        }
    }
}
