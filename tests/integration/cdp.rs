//! A small Chrome DevTools Protocol client for the browser tests: starts headless
//! Chromium with a throw-away profile, opens tabs, runs JavaScript, presses keys,
//! takes screenshots, and records the console errors and network requests each tab
//! saw. Synchronous, one WebSocket (tungstenite), nothing downloaded.

use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tungstenite::{Message, WebSocket, stream::MaybeTlsStream};

/// The flags every headless Chromium here runs with (as the brief sets them).
pub(crate) const FLAGS: [&str; 7] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

pub(crate) struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// Events not yet claimed, with their session.
    events: Vec<Value>,
    _profile: tempfile::TempDir,
}

/// One open page.
pub(crate) struct Tab {
    pub(crate) session: String,
}

impl Browser {
    pub(crate) fn launch(chromium: &Path) -> Browser {
        let profile = tempfile::tempdir().unwrap();
        let child = Command::new(chromium)
            .args(FLAGS)
            .arg("--remote-debugging-port=0")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("cannot start chromium");
        // Chromium writes the port it chose and the browser's path to this file.
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let address = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file)
                && let [port, path, ..] = text.lines().collect::<Vec<_>>()[..]
            {
                break format!("ws://127.0.0.1:{port}{path}");
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "chromium did not open its debugging port"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let (socket, _) = tungstenite::connect(&address).expect("cannot connect to chromium");
        if let MaybeTlsStream::Plain(stream) = socket.get_ref() {
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
        }
        Browser {
            child,
            socket,
            next_id: 0,
            events: Vec::new(),
            _profile: profile,
        }
    }

    fn read(&mut self) -> Value {
        loop {
            match self.socket.read().expect("chromium stopped answering") {
                Message::Text(text) => return serde_json::from_str(&text).unwrap(),
                Message::Close(_) => panic!("chromium closed the connection"),
                _ => {}
            }
        }
    }

    /// Sends a command (to a tab when `session` is given) and returns its result.
    pub(crate) fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = json!(s);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .expect("cannot send to chromium");
        loop {
            let reply = self.read();
            if reply["id"] == json!(id) {
                assert!(
                    reply.get("error").is_none(),
                    "{method} failed: {}",
                    reply["error"]
                );
                return reply["result"].clone();
            }
            self.events.push(reply);
        }
    }

    /// Waits for an event of `method` on `session`.
    fn wait_for(&mut self, session: &str, method: &str) -> Value {
        let matches = |e: &Value| e["method"] == json!(method) && e["sessionId"] == json!(session);
        if let Some(at) = self.events.iter().position(matches) {
            return self.events.remove(at);
        }
        loop {
            let event = self.read();
            if matches(&event) {
                return event;
            }
            self.events.push(event);
        }
    }

    /// A new tab of `width` × `height` that has loaded `url`; with `scripts` false
    /// its JavaScript is switched off.
    pub(crate) fn open(&mut self, url: &str, width: u32, height: u32, scripts: bool) -> Tab {
        let target = self.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target["targetId"], "flatten": true }),
        );
        let session = attached["sessionId"].as_str().unwrap().to_owned();
        let s = Some(session.as_str());
        for domain in ["Page", "Runtime", "Network", "Log"] {
            self.call(s, &format!("{domain}.enable"), json!({}));
        }
        self.call(
            s,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
        if !scripts {
            self.call(
                s,
                "Emulation.setScriptExecutionDisabled",
                json!({ "value": true }),
            );
        }
        self.call(s, "Page.navigate", json!({ "url": url }));
        self.wait_for(&session, "Page.loadEventFired");
        Tab { session }
    }

    /// Runs `expression` in the tab and returns its value (JSON-serialisable).
    pub(crate) fn eval(&mut self, tab: &Tab, expression: &str) -> Value {
        let result = self.call(
            Some(&tab.session),
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "`{expression}` threw: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// Presses a key (e.g. "ArrowRight") in the focused element.
    pub(crate) fn press(&mut self, tab: &Tab, key: &str, code: u32) {
        for kind in ["rawKeyDown", "keyUp"] {
            self.call(
                Some(&tab.session),
                "Input.dispatchKeyEvent",
                json!({ "type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code }),
            );
        }
    }

    /// Saves a PNG of the whole page.
    pub(crate) fn screenshot(&mut self, tab: &Tab, path: &Path) {
        let shot = self.call(
            Some(&tab.session),
            "Page.captureScreenshot",
            json!({ "format": "png", "captureBeyondViewport": true }),
        );
        let png = base64::engine::general_purpose::STANDARD
            .decode(shot["data"].as_str().unwrap())
            .unwrap();
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, png).unwrap();
    }

    /// Everything the tab's console reported as an error, and every exception.
    pub(crate) fn errors(&mut self, tab: &Tab) -> Vec<String> {
        self.drain();
        self.events
            .iter()
            .filter(|e| e["sessionId"] == json!(tab.session))
            .filter_map(|e| match e["method"].as_str()? {
                "Runtime.exceptionThrown" => Some(e["params"]["exceptionDetails"].to_string()),
                "Runtime.consoleAPICalled"
                    if matches!(e["params"]["type"].as_str(), Some("error" | "assert")) =>
                {
                    Some(e["params"]["args"].to_string())
                }
                "Log.entryAdded" if e["params"]["entry"]["level"] == json!("error") => {
                    Some(e["params"]["entry"]["text"].to_string())
                }
                _ => None,
            })
            .collect()
    }

    /// Every event the tab has sent so far.
    pub(crate) fn events_of(&mut self, tab: &Tab) -> Vec<Value> {
        self.drain();
        self.events
            .iter()
            .filter(|e| e["sessionId"] == json!(tab.session))
            .cloned()
            .collect()
    }

    /// Every URL the tab requested.
    pub(crate) fn requests(&mut self, tab: &Tab) -> Vec<String> {
        self.drain();
        self.events
            .iter()
            .filter(|e| {
                e["sessionId"] == json!(tab.session)
                    && e["method"] == json!("Network.requestWillBeSent")
            })
            .map(|e| {
                e["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    }

    /// Collects the events already sent, by a round trip.
    fn drain(&mut self) {
        self.call(None, "Browser.getVersion", json!({}));
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
