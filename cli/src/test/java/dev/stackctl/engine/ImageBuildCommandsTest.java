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
        assertThat(ImageBuildCommands.tagRootfs(nginx, rootfsHash))
                .containsExactly("docker", "image", "tag", "stackctl-rootfs/nginx:0123456789abcdef", "stackctl/rootfs-nginx:build");
        assertThat(ImageBuildCommands.listRootfsCache(nginx))
                .containsExactly("docker", "image", "ls", "--format", "{{.Repository}}:{{.Tag}}", "stackctl-rootfs/nginx");
        assertThat(ImageBuildCommands.dockerBuild(nginx, WORK, "abc"))
                .containsExactly("docker", "build", "--progress=plain",
                        "--label", "dev.stackctl.recipe-hash=abc",
                        "--label", "dev.stackctl.recipe=nginx",
                        "--tag", "stackctl/nginx:1.26", "/tmp/w/context");
        assertThat(ImageBuildCommands.removeRootfsTag(nginx)).containsExactly("docker", "image", "rm", "stackctl/rootfs-nginx:build");
    }

    @Test
    void inspectAsksForAllTagsInOneCall() {
        List<String> args = ImageBuildCommands.inspect(List.of("a:1", "b:2"));
        assertThat(args.subList(0, 4)).containsExactly("docker", "image", "inspect", "--format");
        assertThat(args.get(4)).contains("index .Config.Labels \"dev.stackctl.recipe-hash\"");
        assertThat(args.subList(5, 7)).containsExactly("a:1", "b:2");
    }

    @Test
    void repoTagsJsonIsParsed() {
        assertThat(BaseImages.parseJsonStrings("[\"stackctl/redis:8.0\",\"x:y\"]")).containsExactly("stackctl/redis:8.0", "x:y");
        assertThat(BaseImages.parseJsonStrings("[]")).isEmpty();
        assertThat(BaseImages.parseJsonStrings("null")).isEmpty();
    }

    @Test
    void pruneTouchesOnlyUntaggedImagesBuiltFromARecipe() {
        // docker image prune without --all removes only untagged images, and never one a container uses
        assertThat(ImageBuildCommands.pruneSuperseded())
                .containsExactly("docker", "image", "prune", "--force", "--filter", "label=dev.stackctl.recipe");
        assertThat(ImageBuildCommands.listSuperseded())
                .containsExactly("docker", "image", "ls", "--quiet", "--no-trunc", "--filter", "dangling=true", "--filter", "label=dev.stackctl.recipe");
    }
}
