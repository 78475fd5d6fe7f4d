package dev.stackctl.validate;

import dev.stackctl.model.EnvVar;
import dev.stackctl.model.Interpolated;
import dev.stackctl.model.Service;
import dev.stackctl.model.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Secrets written into the compose file end up in version control. */
public final class LiteralSecretRule implements Rule {
    /**
     * A name whose last word says it holds a secret: PASSWORD, DB_PASSWORD, API_TOKEN, SECRET_KEY, AWS_SECRET_ACCESS_KEY,
     * CLIENT_CREDENTIALS, or one word ending so (DBPASSWORD, AUTHTOKEN, APIKEY). A secret word elsewhere in the name
     * describes a setting about secrets, not one (PASSWORD_MIN_LENGTH, TOKEN_TTL, SECRET_ROTATION_DAYS). Rails'
     * SECRET_KEY_BASE is the one well-known secret named otherwise.
     */
    private static final Pattern SECRET_NAME = Pattern.compile(
            "(^|_)(KEY|CREDENTIALS?)$|(PASSWORD|PASSWD|SECRET|TOKEN|APIKEY|PRIVATEKEY|ACCESSKEY|SECRETKEY)$|(^|_)SECRET_KEY_BASE$");
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^/:@\\s]+:([^@\\s]+)@");

    @Override
    public String id() {
        return "literal-secret";
    }

    @Override
    public String description() {
        return "secrets must come from variables (${VAR:?...}) or env files, never literal values";
    }

    @Override
    public List<Finding> check(Stack stack, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Service s : stack.services()) {
            for (EnvVar e : s.process().environment()) {
                if (e.isPassThrough()) {
                    continue; // taken from the shell: nothing is written in the file
                }
                String p = "services." + s.name() + ".environment." + e.name();
                String literal = literalText(e.value());
                if (isSecretFilePath(e.name(), literal)) {
                    continue; // *_FILE=/run/secrets/x names where a Docker secret is mounted: the pattern itself
                }
                if (looksSecret(e.name()) && !literal.isEmpty()) {
                    out.add(Finding.error(p, id(), "'" + e.name() + "' has a literal value; use ${" + e.name()
                            + ":?set it in .env} and keep the value in a git-ignored .env file"));
                } else if (URL_PASSWORD.matcher(literal).find()) {
                    out.add(Finding.error(p, id(), "'" + e.name() + "' embeds a literal password in a URL; move it to a variable"));
                }
            }
        }
        return out;
    }

    /** The literal parts only: a default in ${X:-default} counts too, since it is written in the file. */
    private static String literalText(Interpolated value) {
        StringBuilder sb = new StringBuilder();
        for (Interpolated.Part part : value.parts()) {
            if (part instanceof Interpolated.Text t) {
                sb.append(t.text());
            } else if (part instanceof Interpolated.Ref r) {
                r.defaultValue().ifPresent(sb::append);
            }
        }
        return sb.toString().strip();
    }

    /** Whether a variable's name says it holds a secret; {@code X_PASSWORD_FILE} with a literal that is not a path counts as X_PASSWORD. */
    static boolean looksSecret(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        if (upper.endsWith("_FILE")) upper = upper.substring(0, upper.length() - "_FILE".length());
        return SECRET_NAME.matcher(upper).find();
    }


    /** {@code POSTGRES_PASSWORD_FILE=/run/secrets/db_password}: the value is a path to a file, not a secret. */
    static boolean isSecretFilePath(String name, String literal) {
        return name.toUpperCase(Locale.ROOT).endsWith("_FILE") && (literal.startsWith("/") || literal.startsWith("./"));
    }
}
