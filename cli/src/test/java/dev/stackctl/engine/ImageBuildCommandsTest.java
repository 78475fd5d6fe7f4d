package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageBuildCommandsTest {
    private static final ImageBuildCommands.WorkDir WORK = new ImageBuildCommands.WorkDir(Path.of("/tmp/w"));

    private static ImageRecipe recipe(String name) throws IOException {
        return ImageRecipe.load(RecipeFixtures.recipesDir().resolve(name));
    }

    @Test
    void mmdebstrapGetsPackagesExcludesAndHooksAsSeparateArguments() throws IOException {
        List<String> args = ImageBuildCommands.mmdebstrap(recipe("redis"), "http://mirror.example/debian", WORK, false);
        assertThat(args.getFirst()).isEqualTo("mmdebstrap");
        assertThat(args).contains("--variant=apt", "--include=redis-server,redis-tools",
                "--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-exclude=/usr/share/man/*",
                "--dpkgopt=path-exclude=/usr/share/locale/*");
        // suite, target, mirror come last, in mmdebstrap's positional order
        assertThat(args.subList(args.size() - 3, args.size()))
                .containsExactly("trixie", "/tmp/w/rootfs.tar", "http://mirror.example/debian");
        assertThat(args).filteredOn(a -> a.startsWith("--customize-hook=")).hasSize(1)
                .allSatisfy(a -> assertThat(a).contains("/var/lib/apt/lists/*"));
        assertThat(args).noneMatch(a -> a.contains("ca-certificates"));
    }

    @Test
    void recipeCustomizeScriptRunsBeforeTheCleanupHook() throws IOException {
        List<String> args = ImageBuildCommands.mmdebstrap(recipe("timescaledb"), "http://m/debian", WORK, false);
        List<String> hooks = args.stream().filter(a -> a.startsWith("--customize-hook=")).toList();
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0)).isEqualTo("--customize-hook=sh '/tmp/w/rootfs-customize.sh' \"$1\"");
        assertThat(hooks.get(1)).contains("rm -rf");
    }

    @Test
    void hostCaHookOnlyWhenAsked() throws IOException {
        List<String> args = ImageBuildCommands.mmdebstrap(recipe("node"), "http://m/debian", WORK, true);
        assertThat(args).anySatisfy(a -> assertThat(a).startsWith("--customize-hook=")
                .contains("'/tmp/w/ca'/*.crt").contains("chroot \"$1\" update-ca-certificates"));
    }

    @Test
    void quotingSurvivesQuotesInPaths() {
        assertThat(ImageBuildCommands.quote("/tmp/it's")).isEqualTo("'/tmp/it'\\''s'");
    }

    @Test
    void importAndBuildArguments() throws IOException {
        ImageRecipe nginx = recipe("nginx");
        String rootfsHash = "0123456789abcdef0123";
        assertThat(ImageBuildCommands.dockerImport(nginx, WORK, rootfsHash))
                .containsExactly("docker", "import", "--message", "stackctl rootfs for nginx (" + rootfsHash + ")",
                        "/tmp/w/rootfs.tar", "stackctl-rootfs/nginx:0123456789abcdef");
        assertThat(ImageBuildCommands.dockerBuild(nginx, WORK, "abc"))
                .containsExactly("docker", "build", "--progress=plain",
                        "--label", "dev.stackctl.recipe-hash=abc",
                        "--label", "dev.stackctl.recipe=nginx",
                        "--tag", "stackctl/nginx:1.26", "/tmp/w/context");
    }
}
