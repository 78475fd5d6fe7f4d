package vn.stocktracker.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Writing a JSON reply, shared by the route classes. */
final class Replies {
    private Replies() {
    }

    static void json(Context ctx, ObjectMapper json, Object body) throws JsonProcessingException {
        ctx.contentType("application/json").result(json.writeValueAsString(body));
    }
}
