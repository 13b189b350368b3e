package mle.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `mle fit --report`: the page is one self-contained file with the estimates and every plot, and headless Chromium
 * (Debian's package; .ci/run installs it) renders it: a screenshot that is not blank, with the plots' points drawn,
 * and a document with each plot in it.
 */
class ReportIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    @Test
    void theReportHasEveryPlotAndChromiumRendersIt(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("fit.html");
        CliTest.Run r = CliTest.run("fit", CliTest.sample("poisson-regression"), "--data",
                CliTest.ROOT.resolve("samples/poisson-regression/data.csv").toString(), "--profile", "--report", report.toString());
        assertEquals(Main.OK, r.code(), r.err());
        String html = Files.readString(report);
        List<String> titles = titles(html);
        assertEquals(List.of("Standardized residuals against fitted values", "Normal Q–Q plot of the standardized residuals",
                "Observed against fitted", "Profile likelihood of alpha", "Profile likelihood of beta", "Optimiser's trace"), titles);
        assertTrue(html.contains("0.582535") && html.contains("profile 95% interval"), "the estimates and profile intervals");
        // Self-contained: nothing is fetched when the page is viewed.
        assertTrue(!html.contains("src=") && !html.contains("href=") && !html.contains("@import"), "no external resources");

        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install chromium); .ci/run installs it");
        Path png = dir.resolve("fit.png"), dom = dir.resolve("dom.html");
        chromium(dir, "--window-size=1400,1400", "--screenshot=" + png, report.toUri().toString());
        String rendered = chromium(dir, "--dump-dom", report.toUri().toString());
        Files.writeString(dom, rendered);
        assertEquals(titles, titles(rendered), "every plot is in the rendered document");
        BufferedImage image = ImageIO.read(png.toFile());
        int ink = 0, points = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y), red = rgb >> 16 & 0xff, green = rgb >> 8 & 0xff, blue = rgb & 0xff;
                if (red + green + blue < 600) ink++;
                if (blue > 150 && red < 150 && blue - red > 60) points++;   // the points' and lines' blue, #1f77b4
            }
        }
        double pixels = (double) image.getWidth() * image.getHeight();
        assertTrue(ink / pixels > 0.01, "not blank: " + ink + " of " + (int) pixels + " pixels drawn");
        assertTrue(points > 500, "the plots' points are drawn: " + points + " blue pixels");
    }

    private static List<String> titles(String html) {
        Matcher m = Pattern.compile("<svg[^>]*class=\"plot\"[^>]*>\\s*<title>([^<]*)</title>").matcher(html);
        List<String> titles = new java.util.ArrayList<>();
        while (m.find()) titles.add(m.group(1).replace("&amp;", "&"));
        return titles;
    }

    /** Runs headless Chromium as the machine's notes say it must run here, and returns what it printed. */
    private static String chromium(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + dir.resolve("profile")));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "Chromium did not finish");
        assertEquals(0, p.exitValue(), "Chromium's exit status");
        return new String(out, StandardCharsets.UTF_8);
    }
}
