//! Serving one connection, with the keep-alive behaviour of Tencent Cloud's front ends: an
//! idle connection is closed after a while (60 s there; configurable here, in milliseconds
//! for tests).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::config::IdleClose;
use crate::engine::State;
use crate::error::Dropped;
use crate::sync::lock;

/// When the connection last finished answering, and whether it is answering now.
struct Activity {
    last_answer: Mutex<Instant>,
    in_flight: AtomicUsize,
}

impl Activity {
    /// How long the connection has been idle; zero while it is answering.
    fn idle_for(&self) -> Duration {
        if self.in_flight.load(Ordering::Acquire) > 0 {
            return Duration::ZERO;
        }
        lock(&self.last_answer).elapsed()
    }

    /// A request starts; returns how long the connection was idle before it.
    fn begin(&self) -> Duration {
        let idle = self.idle_for();
        self.in_flight.fetch_add(1, Ordering::AcqRel);
        idle
    }

    fn end(&self) {
        *lock(&self.last_answer) = Instant::now();
        self.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Serves HTTP/1.1 on `stream` until the client closes it, or until it has been idle as long
/// as `idle` allows.
pub(crate) async fn serve(stream: TcpStream, state: Arc<State>, idle: IdleClose) {
    state.connections.fetch_add(1, Ordering::Relaxed);
    let activity = Arc::new(Activity {
        last_answer: Mutex::new(Instant::now()),
        in_flight: AtomicUsize::new(0),
    });
    let tracked = Arc::clone(&activity);
    let service = service_fn(move |request| {
        let state = Arc::clone(&state);
        let activity = Arc::clone(&tracked);
        async move {
            let idle_before = activity.begin();
            let answer = match idle {
                IdleClose::CrossingAfter(limit) if idle_before >= limit => {
                    state.requests.fetch_add(1, Ordering::Relaxed);
                    Err(Dropped)
                }
                _ => state.handle(request).await,
            };
            activity.end();
            answer
        }
    });
    // Upgrades: a `CONNECT` tunnel goes on over this connection.
    let connection = http1::Builder::new()
        .serve_connection(TokioIo::new(stream), service)
        .with_upgrades();
    let IdleClose::After(limit) = idle else {
        let _ = connection.await;
        return;
    };
    tokio::pin!(connection);
    loop {
        let idle_for = activity.idle_for();
        if idle_for >= limit {
            // Dropping the connection closes the socket: the client reads the end of stream.
            return;
        }
        tokio::select! {
            _ = connection.as_mut() => return,
            () = tokio::time::sleep(limit - idle_for) => {}
        }
    }
}
