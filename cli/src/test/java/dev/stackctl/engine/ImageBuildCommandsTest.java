package dev.stackctl.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageBuildCommandsTest {
    private static final ImageBuildCommands.WorkDir WORK = new ImageBuildCommands.WorkDir(Path.of("/tmp/w"));
    private static final DebianArchives ARCHIVES = DebianArchives.of("http://mirror.example/debian", null);

    private static ImageRecipe recipe(String name) throws IOException {
        return ImageRecipe.load(RecipeFixtures.recipesDir().resolve(name));
    }

    @Test
    void mmdebstrapGetsPackagesExcludesAndHooksAsSeparateArguments() throws IOException {
        List<String> args = ImageBuildCommands.mmdebstrap(recipe("redis"), ARCHIVES, WORK, false);
        assertThat(args.getFirst()).isEqualTo("mmdebstrap");
        assertThat(args).contains("--variant=apt", "--include=redis-server,redis-tools",
                "--dpkgopt=path-exclude=/usr/share/doc/*", "--dpkgopt=path-exclude=/usr/share/man/*",
                "--dpkgopt=path-exclude=/usr/share/locale/*");
        // suite, target, then the suite, its updates and its security archive as sources.list lines
        assertThat(args.subList(args.size() - 5, args.size())).containsExactly("trixie", "/tmp/w/rootfs.tar",
                "deb http://mirror.example/debian trixie main",
                "deb http://mirror.example/debian trixie-updates main",
                "deb http://mirror.example/debian-security trixie-security main");
        List<String> hooks = args.stream().filter(a -> a.startsWith("--customize-hook=")).toList();
        assertThat(hooks).hasSize(2);
        assertThat(hooks.get(0)).isEqualTo("--customize-hook=chroot \"$1\" dpkg-query -W"
                + " -f='${Package}:${Architecture}=${Version}\\n' > '/tmp/w/dpkg-packages.txt'");
        assertThat(hooks.get(1)).contains("/var/lib/apt/lists/*");
        assertThat(args).noneMatch(a -> a.contains("ca-certificates"));
    }

    @Test
    void recipeCustomizeScriptRunsBeforeTheCleanupHook() throws IOException {
        List<String> args = ImageBuildCommands.mmdebstrap(recipe("timescaledb"), ARCHIVES, WORK, false);
        List<String> hooks = args.stream().filter(a -> a.startsWith("--customize-hook=")).toList();
        assertThat(hooks).hasSize(3);
        assertThat(hooks.get(0)).isEqualTo("--customize-hook=sh '/tmp/w/rootfs-customize.sh' \"$1\"");
        assertThat(hooks.get(1)).contains("dpkg-query -W");
        assertThat(hooks.get(2)).contains("rm -rf");
    }

    @Test
    void hostCaHookOnlyWhenAsked() throws IOException {
        List<String> args = ImageBuildCommands.mmdebstrap(recipe("node"), ARCHIVES, WORK, true);
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
        assertThat(ImageBuildCommands.dockerImport(nginx, WORK, rootfsHash, List.of("nginx:amd64=1.26.3-3+deb13u2", "tzdata:all=2025b-4"),
                1764547200L, List.of("deb http://m/debian trixie main")))
                .containsExactly("docker", "import", "--message", "stackctl rootfs for nginx (" + rootfsHash + ")",
                        "--change", "LABEL dev.stackctl.dpkg=\"nginx:amd64=1.26.3-3+deb13u2 tzdata:all=2025b-4\"",
                        "--change", "LABEL dev.stackctl.source-date-epoch=\"1764547200\"",
                        "--change", "LABEL dev.stackctl.apt-sources=\"deb http://m/debian trixie main\"",
                        "/tmp/w/rootfs.tar", "stackctl-rootfs/nginx:0123456789abcdef");
        assertThat(ImageBuildCommands.parseDpkgLabel("nginx:amd64=1.26.3-3+deb13u2 tzdata:all=2025b-4"))
                .containsExactly(java.util.Map.entry("nginx:amd64", "1.26.3-3+deb13u2"), java.util.Map.entry("tzdata:all", "2025b-4"));
        assertThat(ImageBuildCommands.dockerBuild(nginx, WORK, "abc"))
                .containsExactly("docker", "build", "--progress=plain",
                        "--label", "dev.stackctl.recipe-hash=abc",
                        "--label", "dev.stackctl.recipe=nginx",
                        "--tag", "stackctl/nginx:1.26", "/tmp/w/context");
    }
}
