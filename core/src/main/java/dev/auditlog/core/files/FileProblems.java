package dev.auditlog.core.files;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * What went wrong with a file, in the words of the operating system's own tools ("no such file or directory"),
 * for messages that already name the file: Java's exceptions often carry only the path as their message, so
 * {@code "cannot read x.json: " + e.getMessage()} printed {@code cannot read x.json: x.json}.
 */
public final class FileProblems {
    private FileProblems() {
    }

    public static String describe(IOException e) {
        return switch (e) {
            case NoSuchFileException missing -> "no such file or directory";
            case AccessDeniedException denied -> "permission denied";
            // the file in the way may be a parent of the path the message names (afile of afile/sub)
            case FileAlreadyExistsException inTheWay -> "a file is in the way"
                    + (inTheWay.getFile() == null ? "" : " (" + inTheWay.getFile() + ")");
            case NotDirectoryException notDirectory -> "not a directory";
            // a file further up: creating afile/a/b fails on a, and the system names neither
            case FileSystemException other when "Not a directory".equals(other.getReason()) && fileAbove(other.getFile()) != null ->
                    "a file is in the way (" + fileAbove(other.getFile()) + ")";
            case FileSystemException other when other.getReason() != null -> lowerCaseFirst(other.getReason());
            default -> e.getMessage() == null ? e.getClass().getSimpleName() : lowerCaseFirst(e.getMessage());
        };
    }

    /** The nearest directory above {@code file} on its path that is a file, absolute; or null. */
    private static Path fileAbove(String file) {
        if (file == null) return null;
        try {
            for (Path p = Path.of(file).toAbsolutePath().getParent(); p != null; p = p.getParent()) {
                if (Files.exists(p) && !Files.isDirectory(p)) return p;
            }
        } catch (InvalidPathException e) {
            return null;
        }
        return null;
    }

    private static String lowerCaseFirst(String text) {
        return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
    }
}
