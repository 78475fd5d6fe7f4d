package dev.stackctl.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.PruneType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine's image API (docker-java) as the base-image builder needs it: inspect, list, tag,
 * remove, prune. Building and importing stay with the docker CLI (BuildKit, {@code docker import});
 * no docker-java type leaves this class.
 */
public final class ImageStore {
    private final DockerClient client;

    ImageStore(DockerClient client) {
        this.client = client;
    }

    /** An image's id, recipe-hash label (empty when absent), other labels and size, as the engine reports them. */
    public record Info(String id, String recipeHash, Map<String, String> labels, long sizeBytes, List<String> layers) {
        public Info {
            labels = Map.copyOf(labels);
            layers = List.copyOf(layers);
        }
    }

    /** The image a tag (or id) names, or empty when there is none. */
    public Optional<Info> inspect(String ref) {
        InspectImageResponse r;
        try {
            r = client.inspectImageCmd(ref).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        Map<String, String> labels = r.getConfig() == null || r.getConfig().getLabels() == null
                ? Map.of() : r.getConfig().getLabels();
        List<String> layers = r.getRootFS() == null || r.getRootFS().getLayers() == null ? List.of() : r.getRootFS().getLayers();
        return Optional.of(new Info(r.getId(), labels.getOrDefault(ImageBuildCommands.HASH_LABEL, ""), labels,
                r.getSize() == null ? 0 : r.getSize(), layers));
    }

    /** Those of {@code refs} that exist, by ref. */
    public Map<String, Info> inspectAll(List<String> refs) {
        Map<String, Info> found = new HashMap<>();
        for (String ref : refs) {
            inspect(ref).ifPresent(i -> found.put(ref, i));
        }
        return found;
    }

    /** Every {@code repository:tag} of one repository (e.g. the cached root file systems of a recipe). */
    public List<String> tagsOf(String repository) {
        List<String> tags = new ArrayList<>();
        for (Image image : client.listImagesCmd().withReferenceFilter(repository).exec()) {
            if (image.getRepoTags() != null) {
                for (String t : image.getRepoTags()) {
                    if (t.startsWith(repository + ":") && !t.endsWith(":<none>")) {
                        tags.add(t);
                    }
                }
            }
        }
        return tags;
    }

    /** Ids of the untagged images that carry {@code label} (in use by a container or not). */
    public List<String> untaggedWithLabel(String label) {
        return client.listImagesCmd().withDanglingFilter(true).withLabelFilter(label).exec().stream()
                .map(Image::getId).toList();
    }

    /**
     * Removes untagged images that carry {@code label} and that no container uses (the engine's image
     * prune never removes an image in use, nor a tagged one without {@code all}).
     */
    public void pruneUntaggedWithLabel(String label) {
        client.pruneCmd(PruneType.IMAGES).withDangling(true).withLabelFilter(label).exec();
    }

    /** Points {@code repository:tag} at the image {@code source} names. */
    public void tag(String source, String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= target.lastIndexOf('/')) {
            throw new IllegalArgumentException("target: '" + target + "' has no tag; write repository:tag");
        }
        client.tagImageCmd(source, target.substring(0, colon), target.substring(colon + 1)).exec();
    }

    /** Removes a tag (the image goes with its last tag unless a container uses it); a missing one is fine. */
    public void untag(String ref) {
        try {
            client.removeImageCmd(ref).withNoPrune(false).exec();
        } catch (NotFoundException e) {
            // already gone
        }
    }
}
