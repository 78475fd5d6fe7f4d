package dev.stackctl.validate;

import dev.stackctl.model.PortBinding;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Two bindings of the same host IP, port and protocol: the second container would fail to start. */
public final class DuplicateHostPortRule implements Rule {
    @Override
    public String id() {
        return "duplicate-host-port";
    }

    @Override
    public String description() {
        return "a host IP, port and protocol can be published once (an all-interfaces binding conflicts with every IP)";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>(); // "proto/port/ip" -> path of first use
        for (Service s : stack.services()) {
            for (int i = 0; i < s.ports().size(); i++) {
                PortBinding b = s.ports().get(i);
                Optional<Integer> port = b.hostPort(context.variables());
                if (port.isEmpty()) continue;
                String path = "services." + s.name() + ".ports[" + i + "]";
                String ip = b.onAllInterfaces() ? "*" : b.hostIp();
                for (Map.Entry<String, String> e : seen.entrySet()) {
                    String[] k = e.getKey().split("/", 3);
                    boolean sameIp = k[2].equals(ip) || k[2].equals("*") || ip.equals("*");
                    if (k[0].equals(b.protocol().composeName()) && k[1].equals(port.get().toString()) && sameIp) {
                        out.add(Finding.error(path, id(), "host port " + (ip.equals("*") ? "" : ip + ":") + port.get() + "/" + b.protocol().composeName()
                                + " is already published by " + e.getValue() + "; choose another host port"));
                        break;
                    }
                }
                seen.putIfAbsent(b.protocol().composeName() + "/" + port.get() + "/" + ip, path);
            }
        }
        return out;
    }
}
