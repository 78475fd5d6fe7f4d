package dev.stackctl.lifecycle;

import dev.stackctl.engine.SwarmCli;
import dev.stackctl.error.ExitCode;
import dev.stackctl.error.StackctlException;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Service;
import dev.stackctl.model.StackDefinition;
import dev.stackctl.stack.ImageProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The swarm stack's images on a local cluster: the air-gapped images this machine built, pushed to the
 * cluster's registry, and the stack file's image variables pointed at them there. The nodes pull by the
 * registry's name on their network; this machine pushes through the registry's port on 127.0.0.1, which
 * the engine trusts over HTTP without configuration (loopback is never a "secure" registry).
 */
public final class ClusterImages {
    private ClusterImages() {}

    /** One image the stack file names through {@code ${variable:-...}}, as this machine has it. */
    public record Image(String variable, String local) {
        public String in(String registry) {
            return registry + "/" + local;
        }
    }

    /** The stack's images: each service's image variable, resolved with the air-gapped profile. */
    public static List<Image> of(StackDefinition swarm) {
        Map<String, Image> byVariable = new LinkedHashMap<>();
        Map<String, String> env = ImageProfile.AIRGAP.images();
        for (Service s : swarm.stack().services()) {
            Interpolated image = s.image();
            if (image == null || image.parts().size() != 1 || !(image.parts().get(0) instanceof Interpolated.Ref ref)) {
                throw new IllegalStateException(s.name() + ": image is not one ${VARIABLE:-default}: " + image);
            }
            String local = image.resolve(env).orElseThrow();
            byVariable.putIfAbsent(ref.name(), new Image(ref.name(), local));
        }
        return List.copyOf(byVariable.values());
    }

    /** The variables for {@code docker stack deploy}: each image by its name in {@code registry}. */
    public static Map<String, String> env(List<Image> images, String registry) {
        Map<String, String> env = new LinkedHashMap<>();
        images.forEach(i -> env.put(i.variable(), i.in(registry)));
        return env;
    }

    /** Tags each image for the registry's loopback port, pushes it, and removes that tag again; one progress line per image. */
    public static void push(List<Image> images, int hostPort, Steps steps) {
        SwarmCli docker = new SwarmCli();
        String via = "127.0.0.1:" + hostPort;
        for (Image i : images) {
            Instant t0 = Instant.now();
            String tag = i.in(via);
            check(docker.run(Duration.ofSeconds(30), "tag", i.local(), tag), "docker tag " + i.local(),
                    "Build the stack's images first (./stackctl up --target swarm --cluster builds them)");
            try {
                check(docker.run(Duration.ofMinutes(10), "push", "--quiet", tag), "docker push " + tag, "Is the cluster's registry running? See ./stackctl cluster status");
            } finally {
                docker.run(Duration.ofSeconds(30), "rmi", tag); // only the tag: the image stays
            }
            steps.say(String.format(Locale.ROOT, "pushed %s to the cluster's registry (%.1f s)", i.local(), Steps.secondsSince(t0)));
        }
    }

    private static void check(dev.stackctl.engine.ExternalProcess.Result r, String what, String hint) {
        if (!r.ok()) {
            throw new StackctlException(ExitCode.FAILURE, what + " failed: " + r.stderrTail().replace('\n', ' '), hint);
        }
    }

    /** The variables as a list of "VAR=image" for messages. */
    static List<String> describe(Map<String, String> env) {
        List<String> out = new ArrayList<>();
        env.forEach((k, v) -> out.add(k + "=" + v));
        return out;
    }
}
