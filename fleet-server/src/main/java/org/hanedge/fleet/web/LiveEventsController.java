package org.hanedge.fleet.web;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@code GET /api/v1/events}: the live-update stream of the web UI (server-sent events, see {@link LiveEvents}). */
@RestController
public class LiveEventsController {
    private final LiveEvents events;

    public LiveEventsController(LiveEvents events) {
        this.events = events;
    }

    @GetMapping(value = "/api/v1/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events() {
        return events.subscribe();
    }
}
