package vn.stocktracker.api.ws;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import vn.stocktracker.api.ws.ClientRequest.Invalid;
import vn.stocktracker.api.ws.ClientRequest.Ping;
import vn.stocktracker.api.ws.ClientRequest.Subscribe;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClientRequestTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KNOWN = Set.of("FPT", "VNM", "HPG");

    private static ClientRequest parse(String text) {
        return ClientRequest.parse(text, JSON, KNOWN::contains);
    }

    private static String detail(String text) {
        ClientRequest r = parse(text);
        assertThat(r).as(text).isInstanceOf(Invalid.class);
        return ((Invalid) r).detail();
    }

    @Test
    void subscribeNormalisesSymbolsAndKeepsTheirOrder() {
        assertThat(parse("{\"subscribe\":[\" vnm\",\"FPT\",\"vnm\"]}")).isEqualTo(new Subscribe(Set.of("VNM", "FPT")));
        assertThat(((Subscribe) parse("{\"subscribe\":[\"vnm\",\"FPT\"]}")).symbols()).containsExactly("VNM", "FPT");
    }

    @Test
    void anEmptyListOrStarMeansEverything() {
        assertThat(parse("{\"subscribe\":[]}")).isEqualTo(new Subscribe(null));
        assertThat(parse("{\"subscribe\":\"*\"}")).isEqualTo(new Subscribe(null));
    }

    @Test
    void pingIsAPing() {
        assertThat(parse("{\"type\":\"ping\"}")).isEqualTo(new Ping());
    }

    @Test
    void everythingElseIsInvalidWithADetailThatNamesTheProblem() {
        assertThat(detail("this is not json")).contains("not JSON");
        assertThat(detail("[1,2]")).contains("JSON object");
        assertThat(detail("{\"hello\":1}")).contains("unknown message");
        assertThat(detail("{\"subscribe\":\"FPT\"}")).contains("must be an array");
        assertThat(detail("{\"subscribe\":[\"FPT\",\"NOPE\",3]}")).contains("NOPE").contains("3").contains("/api/symbols");
        String many = IntStream.range(0, 101).mapToObj(i -> "\"FPT\"").collect(Collectors.joining(",", "[", "]"));
        assertThat(detail("{\"subscribe\":" + many + "}")).contains("at most 100");
    }

    @Test
    void theParsedSymbolSetCannotBeChangedByTheCaller() {
        Set<String> symbols = ((Subscribe) parse("{\"subscribe\":[\"FPT\"]}")).symbols();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> symbols.add("VNM")).isInstanceOf(UnsupportedOperationException.class);
    }
}
