package dev.weir.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the benchmark charts as PNG with the JDK alone ({@link BufferedImage}, {@link
 * Graphics2D}, {@link ImageIO}); run with {@code -Djava.awt.headless=true}.
 *
 * <ul>
 *   <li>{@link #barChart}: one bar per configuration (e.g. records/s), baseline bars drawn apart,
 *       optional horizontal reference lines (targets);</li>
 *   <li>{@link #lineChart}: one line per series over x (e.g. checkpoint duration by checkpoint
 *       number, one line per run), optional reference lines.</li>
 * </ul>
 * Both have a title, labelled axes with tick values, and a legend.
 */
public final class ChartWriter {

  /** One bar; {@code label} may contain '\n' for line breaks; a baseline bar is drawn grey. */
  public record Bar(String label, double value, boolean baseline) {
  }

  /** One line: points (x, y) in x order. */
  public record Series(String name, List<double[]> points) {
  }

  /** A dashed horizontal line at {@code value}, named in the legend. */
  public record RefLine(String label, double value) {
  }

  static final int WIDTH = 1100;
  static final int HEIGHT = 640;
  private static final Color AXIS = new Color(0x33, 0x33, 0x33);
  private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
  private static final Color BAR = new Color(0x2F, 0x6E, 0xBA);
  private static final Color BASELINE = new Color(0x9A, 0x9A, 0x9A);
  private static final Color[] REF = {new Color(0xC0, 0x39, 0x2B), new Color(0x6A, 0x1B, 0x9A)};
  private static final Color[] PALETTE = {
      new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C),
      new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
      new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22),
      new Color(0x17, 0xBE, 0xCF)};
  private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

  private ChartWriter() {
  }

  /** The color of series {@code i} in line charts. */
  static Color seriesColor(int i) {
    return PALETTE[i % PALETTE.length];
  }

  /** A bar chart, y from 0, to {@code out} as PNG. */
  public static void barChart(Path out, String title, String yLabel, List<Bar> bars,
      List<RefLine> refs) throws IOException {
    List<Legend> legend = new ArrayList<>();
    legend.add(Legend.box("Weir (local runner), median of runs", BAR));
    if (bars.stream().anyMatch(Bar::baseline)) {
      legend.add(Legend.box("plain-java baseline (single-thread HashMap)", BASELINE));
    }
    addRefs(refs, legend);
    int bottom = 40 + 16 * maxLines(bars);
    Frame f = new Frame(title, legend, 95, 40, bottom + 30);
    double max = 0;
    for (Bar b : bars) {
      max = Math.max(max, b.value());
    }
    for (RefLine r : refs) {
      max = Math.max(max, r.value());
    }
    Axis y = Axis.of(0, max * 1.12);
    f.yAxis(y, yLabel);
    Graphics2D g = f.g;
    int n = Math.max(1, bars.size());
    double slot = (double) f.plotW / n;
    int barW = (int) Math.min(110, slot * 0.62);
    g.setFont(f.small);
    FontMetrics fm = g.getFontMetrics();
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int cx = f.left + (int) (slot * i + slot / 2);
      int top = f.yPix(y, b.value());
      g.setColor(b.baseline() ? BASELINE : BAR);
      g.fillRect(cx - barW / 2, top, barW, f.top + f.plotH - top);
      g.setColor(AXIS);
      String v = Axis.format(b.value(), y.step / 10);
      g.drawString(v, cx - fm.stringWidth(v) / 2, top - 5);
      String[] lines = b.label().split("\n");
      for (int l = 0; l < lines.length; l++) {
        g.drawString(lines[l], cx - fm.stringWidth(lines[l]) / 2,
            f.top + f.plotH + 18 + l * (fm.getHeight()));
      }
    }
    drawRefs(f, y, refs);
    f.write(out);
  }

  /** A line chart of checkpoints (a dot per point) with x and y from 0, to {@code out} as PNG. */
  public static void lineChart(Path out, String title, String xLabel, String yLabel,
      List<Series> series, List<RefLine> refs) throws IOException {
    lineChart(out, title, xLabel, yLabel, series, refs, "checkpoint", true);
  }

  /**
   * A line chart with x and y from 0, to {@code out} as PNG; the legend counts each series'
   * points as {@code pointNoun}s, and {@code dots} marks each point.
   */
  public static void lineChart(Path out, String title, String xLabel, String yLabel,
      List<Series> series, List<RefLine> refs, String pointNoun, boolean dots) throws IOException {
    List<Legend> legend = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      int n = series.get(i).points().size();
      legend.add(Legend.line(series.get(i).name() + " (" + n + " " + pointNoun
          + (n == 1 ? ")" : "s)"), seriesColor(i)));
    }
    addRefs(refs, legend);
    Frame f = new Frame(title, legend, 95, 40, 75);
    double maxX = 1;
    double maxY = 0;
    for (Series s : series) {
      for (double[] p : s.points()) {
        maxX = Math.max(maxX, p[0]);
        maxY = Math.max(maxY, p[1]);
      }
    }
    for (RefLine r : refs) {
      maxY = Math.max(maxY, r.value());
    }
    Axis x = Axis.of(0, maxX).atLeast(1);
    Axis y = Axis.of(0, Math.max(1, maxY * 1.1));
    f.yAxis(y, yLabel);
    f.xAxis(x, xLabel);
    Graphics2D g = f.g;
    g.setClip(f.left, f.top - 4, f.plotW + 5, f.plotH + 8);
    for (int i = 0; i < series.size(); i++) {
      Series s = series.get(i);
      Color c = seriesColor(i);
      g.setColor(c);
      g.setStroke(new BasicStroke(2f));
      Path2D.Double path = new Path2D.Double();
      boolean first = true;
      for (double[] p : s.points()) {
        double px = f.xPixD(x, p[0]);
        double py = f.yPixD(y, p[1]);
        if (first) {
          path.moveTo(px, py);
          first = false;
        } else {
          path.lineTo(px, py);
        }
      }
      g.draw(path);
      for (double[] p : dots ? s.points() : List.<double[]>of()) {
        int px = (int) Math.round(f.xPixD(x, p[0]));
        int py = (int) Math.round(f.yPixD(y, p[1]));
        g.fillOval(px - 3, py - 3, 7, 7);
      }
    }
    g.setClip(null);
    if (series.isEmpty()) {
      g.setColor(AXIS);
      g.setFont(f.normal);
      g.drawString("no " + pointNoun + "s in the results", f.left + 20, f.top + 30);
    }
    drawRefs(f, y, refs);
    f.write(out);
  }

  private static void addRefs(List<RefLine> refs, List<Legend> legend) {
    for (int i = 0; i < refs.size(); i++) {
      legend.add(Legend.dashed(refs.get(i).label(), REF[i % REF.length]));
    }
  }

  private static void drawRefs(Frame f, Axis y, List<RefLine> refs) {
    Graphics2D g = f.g;
    for (int i = 0; i < refs.size(); i++) {
      RefLine r = refs.get(i);
      int py = f.yPix(y, r.value());
      g.setColor(REF[i % REF.length]);
      Stroke old = g.getStroke();
      g.setStroke(DASHED);
      g.drawLine(f.left, py, f.left + f.plotW, py);
      g.setStroke(old);
    }
  }

  private static int maxLines(List<Bar> bars) {
    int m = 1;
    for (Bar b : bars) {
      m = Math.max(m, b.label().split("\n").length);
    }
    return m;
  }

  /** A legend entry. */
  private record Legend(String text, Color color, int kind) {
    static Legend box(String t, Color c) {
      return new Legend(t, c, 0);
    }

    static Legend line(String t, Color c) {
      return new Legend(t, c, 1);
    }

    static Legend dashed(String t, Color c) {
      return new Legend(t, c, 2);
    }
  }

  /** The image, its margins and plot area. */
  private static final class Frame {
    final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g = image.createGraphics();
    final Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 19);
    final Font normal = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    final Font small = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    final int left;
    final int right;
    final int top;
    final int plotW;
    final int plotH;

    Frame(String title, List<Legend> legend, int left, int right, int bottom) {
      this.left = left;
      this.right = right;
      this.plotW = WIDTH - left - right;
      int legendRows = legendRows(legend);
      this.top = 52 + legendRows * LEGEND_ROW + (legendRows > 0 ? 14 : 0);
      this.plotH = HEIGHT - top - bottom;
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
          RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      g.setColor(AXIS);
      g.setFont(titleFont);
      int tw = g.getFontMetrics().stringWidth(title);
      g.drawString(title, (WIDTH - tw) / 2, 32);
      legend(legend);
    }

    private static final int LEGEND_ROW = 20;
    private static final int LEGEND_GAP = 26;
    private static final int LEGEND_SYMBOL = 42;

    private int entryWidth(FontMetrics fm, Legend e) {
      return LEGEND_SYMBOL + fm.stringWidth(e.text());
    }

    /** Rows of the legend when its entries flow left to right across the plot width. */
    private int legendRows(List<Legend> entries) {
      FontMetrics fm = g.getFontMetrics(small);
      int rows = entries.isEmpty() ? 0 : 1;
      int x = 0;
      for (Legend e : entries) {
        int w = entryWidth(fm, e);
        if (x > 0 && x + w > plotW) {
          rows++;
          x = 0;
        }
        x += w + LEGEND_GAP;
      }
      return rows;
    }

    int yPix(Axis y, double v) {
      return (int) Math.round(yPixD(y, v));
    }

    double yPixD(Axis y, double v) {
      return top + plotH - (v - y.min) / (y.max - y.min) * plotH;
    }

    double xPixD(Axis x, double v) {
      return left + (v - x.min) / (x.max - x.min) * plotW;
    }

    void yAxis(Axis y, String label) {
      g.setFont(small);
      FontMetrics fm = g.getFontMetrics();
      for (double t = y.min; t <= y.max + y.step * 1e-6; t += y.step) {
        int py = yPix(y, t);
        g.setColor(GRID);
        g.drawLine(left + 1, py, left + plotW, py);
        g.setColor(AXIS);
        g.drawLine(left - 5, py, left, py);
        String s = Axis.format(t, y.step);
        g.drawString(s, left - 8 - fm.stringWidth(s), py + fm.getAscent() / 2 - 1);
      }
      g.setColor(AXIS);
      g.drawLine(left, top, left, top + plotH);
      g.drawLine(left, top + plotH, left + plotW, top + plotH);
      g.setFont(normal);
      AffineTransform old = g.getTransform();
      g.rotate(-Math.PI / 2);
      int w = g.getFontMetrics().stringWidth(label);
      g.drawString(label, -(top + plotH / 2) - w / 2, 22);
      g.setTransform(old);
    }

    void xAxis(Axis x, String label) {
      g.setFont(small);
      FontMetrics fm = g.getFontMetrics();
      for (double t = x.min; t <= x.max + x.step * 1e-6; t += x.step) {
        int px = (int) Math.round(xPixD(x, t));
        g.setColor(GRID);
        g.drawLine(px, top, px, top + plotH - 1);
        g.setColor(AXIS);
        g.drawLine(px, top + plotH, px, top + plotH + 5);
        String s = Axis.format(t, x.step);
        g.drawString(s, px - fm.stringWidth(s) / 2, top + plotH + 20);
      }
      g.setFont(normal);
      int w = g.getFontMetrics().stringWidth(label);
      g.drawString(label, left + plotW / 2 - w / 2, top + plotH + 45);
    }

    /** The legend between the title and the plot, entries flowing left to right. */
    private void legend(List<Legend> entries) {
      g.setFont(small);
      FontMetrics fm = g.getFontMetrics();
      int x = left;
      int row = 0;
      for (Legend e : entries) {
        int w = entryWidth(fm, e);
        if (x > left && x + w > left + plotW) {
          row++;
          x = left;
        }
        int cy = 52 + row * LEGEND_ROW + LEGEND_ROW / 2;
        g.setColor(e.color());
        Stroke old = g.getStroke();
        switch (e.kind()) {
          case 0 -> g.fillRect(x + 4, cy - 6, 24, 12);
          case 1 -> {
            g.setStroke(new BasicStroke(2f));
            g.drawLine(x + 2, cy, x + 30, cy);
            g.fillOval(x + 13, cy - 3, 7, 7);
          }
          default -> {
            g.setStroke(DASHED);
            g.drawLine(x + 2, cy, x + 30, cy);
          }
        }
        g.setStroke(old);
        g.setColor(AXIS);
        g.drawString(e.text(), x + 36, cy + fm.getAscent() / 2 - 1);
        x += w + LEGEND_GAP;
      }
    }

    void write(Path out) throws IOException {
      g.dispose();
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      if (!ImageIO.write(image, "png", out.toFile())) {
        throw new IOException("no PNG writer available");
      }
    }
  }

  /** An axis from {@code min} to {@code max} in round steps. */
  static final class Axis {
    final double min;
    final double max;
    final double step;

    private Axis(double min, double max, double step) {
      this.min = min;
      this.max = max;
      this.step = step;
    }

    /** This axis with a step of at least {@code minStep} (e.g. 1 for counts). */
    Axis atLeast(double minStep) {
      if (step >= minStep) {
        return this;
      }
      return new Axis(Math.floor(min / minStep) * minStep, Math.ceil(max / minStep) * minStep,
          minStep);
    }

    /** Round ticks covering [lo, hi], about 5 to 10 of them. */
    static Axis of(double lo, double hi) {
      if (!(hi > lo)) {
        hi = lo + 1;
      }
      double raw = (hi - lo) / 6;
      double mag = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = mag;
      for (double m : new double[] {1, 2, 2.5, 5, 10}) {
        if (m * mag >= raw) {
          step = m * mag;
          break;
        }
      }
      double min = Math.floor(lo / step) * step;
      double max = Math.ceil(hi / step) * step;
      return new Axis(min, max, step);
    }

    /** A tick or value label: 4.5M, 250k, 12, 0.5. */
    static String format(double v, double step) {
      double a = Math.abs(v);
      if (a >= 1e6 || step >= 1e6) {
        return trim(String.format(Locale.ROOT, "%." + decimals(step / 1e6) + "f", v / 1e6)) + "M";
      }
      if (a >= 1e4 || step >= 1e4) {
        return trim(String.format(Locale.ROOT, "%." + decimals(step / 1e3) + "f", v / 1e3)) + "k";
      }
      return trim(String.format(Locale.ROOT, "%." + decimals(step) + "f", v));
    }

    private static int decimals(double step) {
      if (step <= 0 || step >= 1) {
        return 0;
      }
      return Math.min(3, (int) Math.ceil(-Math.log10(step) - 1e-9));
    }

    private static String trim(String s) {
      return s.equals("-0") ? "0" : s;
    }
  }
}
