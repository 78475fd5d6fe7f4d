package dev.stackctl.text;

import java.util.ArrayList;
import java.util.List;

/** A unified diff of two texts (LCS over lines; the files stackctl writes are small). */
public final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    /** Returns an empty string when the texts are equal. */
    public static String diff(String oldName, String oldText, String newName, String newText) {
        if (oldText.equals(newText)) {
            return "";
        }
        List<String> a = lines(oldText);
        List<String> b = lines(newText);
        int[][] lcs = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                lcs[i][j] = a.get(i).equals(b.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        // Edit script: ' ' keep, '-' delete from a, '+' insert from b; with line numbers in each file.
        List<char[]> ops = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        int i = 0, j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new char[] {' '});
                texts.add(a.get(i));
                i++;
                j++;
            } else if (i < a.size() && (j == b.size() || lcs[i + 1][j] >= lcs[i][j + 1])) {
                ops.add(new char[] {'-'});
                texts.add(a.get(i));
                i++;
            } else {
                ops.add(new char[] {'+'});
                texts.add(b.get(j));
                j++;
            }
        }
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
        int k = 0;
        int lineA = 1, lineB = 1;
        while (k < ops.size()) {
            if (ops.get(k)[0] == ' ') {
                k++;
                lineA++;
                lineB++;
                continue;
            }
            // A hunk: back up CONTEXT lines, run until CONTEXT*2 unchanged lines follow a change.
            int start = Math.max(0, k - CONTEXT);
            int startA = lineA - (k - start), startB = lineB - (k - start);
            int end = k;
            int quiet = 0;
            while (end < ops.size() && quiet <= CONTEXT * 2) {
                quiet = ops.get(end)[0] == ' ' ? quiet + 1 : 0;
                end++;
            }
            end = Math.min(ops.size(), end - Math.max(0, quiet - CONTEXT));
            int countA = 0, countB = 0;
            StringBuilder hunk = new StringBuilder();
            for (int h = start; h < end; h++) {
                char op = ops.get(h)[0];
                if (op != '+') countA++;
                if (op != '-') countB++;
                hunk.append(op).append(texts.get(h)).append('\n');
            }
            out.append("@@ -").append(startA).append(',').append(countA)
                    .append(" +").append(startB).append(',').append(countB).append(" @@\n").append(hunk);
            for (int h = k; h < end; h++) {
                char op = ops.get(h)[0];
                if (op != '+') lineA++;
                if (op != '-') lineB++;
            }
            k = end;
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of(text.split("\n", -1)));
        if (text.endsWith("\n")) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
