package dev.stackctl.compose;

import dev.stackctl.compose.YamlNode.Mapping;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.PortBinding;
import java.util.ArrayList;
import java.util.List;

/** Reads a service's {@code ports}: the short {@code [IP:][HOST:]CONTAINER[/PROTO]} form and the long form. */
final class PortReader {
    private final NodeReader r;

    PortReader(NodeReader r) {
        this.r = r;
    }

    List<PortBinding> read(YamlNode node) {
        List<PortBinding> out = new ArrayList<>();
        for (YamlNode item : r.items(node)) {
            PortBinding b;
            if (item instanceof Mapping m) {
                b = longForm(m);
            } else {
                String spec = r.text(item);
                b = spec == null ? null : r.attempt(item, () -> shortForm(spec));
            }
            if (b != null) {
                r.modelIndex(node, out.size(), item);
                out.add(b);
            }
        }
        return out;
    }

    private PortBinding longForm(Mapping m) {
        if (m.present("target") == null) {
            r.error(m, "a port needs 'target', the container port; e.g. target: 80");
            return null;
        }
        Integer target = r.integer(m.get("target"));
        String published = r.optText(m.get("published"));
        String hostIp = r.optText(m.get("host_ip"));
        String protocol = r.optText(m.get("protocol"));
        String mode = r.optText(m.get("mode"));
        if (target == null) {
            return null;
        }
        return r.attempt(m, () -> {
            PortBinding.Mode pm = mode == null ? null : switch (mode) {
                case "host" -> PortBinding.Mode.HOST;
                case "ingress" -> PortBinding.Mode.INGRESS;
                default -> throw new IllegalArgumentException("port mode '" + mode + "' is not host or ingress");
            };
            return new PortBinding(hostIp, published == null ? null : Interpolated.parse(published), target, protocol(protocol), pm);
        });
    }

    /** {@code [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]}; IPv6 host IPs in brackets. */
    static PortBinding shortForm(String spec) {
        String s = spec;
        String proto = null;
        int slash = s.lastIndexOf('/');
        if (slash >= 0) {
            proto = s.substring(slash + 1);
            s = s.substring(0, slash);
        }
        String hostIp = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || close + 2 > s.length()) throw new IllegalArgumentException("'" + spec + "' has an unclosed IPv6 bracket");
            hostIp = s.substring(1, close);
            s = s.substring(close + 2);
        }
        List<String> parts = ShortSyntax.fields(s);
        if (parts.size() == 3) {
            hostIp = parts.get(0);
            parts = parts.subList(1, 3);
        }
        if (parts.size() > 2) throw new IllegalArgumentException("'" + spec + "' is not a port mapping; write HOST:CONTAINER, e.g. 8080:80");
        String container = parts.get(parts.size() - 1);
        String[] range = container.split("-", 2);
        int target = number(range[0], spec);
        Integer targetEnd = range.length == 2 ? number(range[1], spec) : null;
        Interpolated published = parts.size() == 2 && !parts.get(0).isEmpty() ? Interpolated.parse(parts.get(0)) : null;
        return new PortBinding(hostIp, published, target, protocol(proto), null, targetEnd);
    }

    private static int number(String port, String spec) {
        try {
            return Integer.parseInt(port);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("container port '" + port + "' in '" + spec + "' is not a number");
        }
    }

    private static PortBinding.Protocol protocol(String s) {
        if (s == null || s.equalsIgnoreCase("tcp")) return PortBinding.Protocol.TCP;
        if (s.equalsIgnoreCase("udp")) return PortBinding.Protocol.UDP;
        if (s.equalsIgnoreCase("sctp")) return PortBinding.Protocol.SCTP;
        throw new IllegalArgumentException("protocol '" + s + "' is not supported; use tcp, udp or sctp");
    }
}
