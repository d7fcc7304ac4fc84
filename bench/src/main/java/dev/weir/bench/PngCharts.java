package dev.weir.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.Stroke;
import java.awt.geom.Line2D;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StackedBarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the report's charts with JFreeChart and writes them as PNG ({@value #WIDTH} ×
 * {@value #HEIGHT}): a bar chart with one bar per category, and a line chart with one line per
 * series; both with labelled axes, a legend and optional dashed reference lines (targets).
 * Runs headless: {@code java.awt.headless} is set before AWT loads.
 */
final class PngCharts {
  static {
    System.setProperty("java.awt.headless", "true");
  }

  static final int WIDTH = 1100;
  static final int HEIGHT = 640;

  /** One bar; {@code label} may contain '\n'; a baseline bar is drawn grey. */
  record Bar(String label, double value, boolean baseline) {
  }

  /** One line: points (x, y) in x order. */
  record Series(String name, List<double[]> points) {
  }

  /** A dashed horizontal line at {@code value}, named in the legend. */
  record RefLine(String label, double value) {
  }

  private static final String WEIR = "Weir (local runner), median of runs";
  private static final String BASELINE = "plain-java baseline (single-thread HashMap)";
  private static final Color BAR = new Color(0x2F, 0x6E, 0xBA);
  private static final Color BASELINE_BAR = new Color(0x9A, 0x9A, 0x9A);
  private static final Color GRID = new Color(0xE3, 0xE3, 0xE3);
  private static final Stroke GRID_LINE = new BasicStroke(1f);
  private static final Color[] REF = {new Color(0xC0, 0x39, 0x2B), new Color(0x6A, 0x1B, 0x9A)};
  private static final Color[] PALETTE = {
      new Color(0x1F, 0x77, 0xB4), new Color(0xFF, 0x7F, 0x0E), new Color(0x2C, 0xA0, 0x2C),
      new Color(0xD6, 0x27, 0x28), new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B),
      new Color(0xE3, 0x77, 0xC2), new Color(0x7F, 0x7F, 0x7F), new Color(0xBC, 0xBD, 0x22),
      new Color(0x17, 0xBE, 0xCF)};
  private static final Stroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT,
      BasicStroke.JOIN_MITER, 10f, new float[] {7f, 5f}, 0f);

  private PngCharts() {
  }

  /** A bar chart, y from 0, with each bar's value above it. */
  static void barChart(Path out, String title, String yLabel, List<Bar> bars, List<RefLine> refs)
      throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    double max = refMax(refs);
    for (Bar b : bars) {
      // Two series stacked: each category has a value in one of them, so one bar per category.
      data.addValue(b.value(), b.baseline() ? BASELINE : WEIR, b.label());
      max = Math.max(max, b.value());
    }
    JFreeChart chart = ChartFactory.createStackedBarChart(title, null, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    CategoryPlot plot = chart.getCategoryPlot();
    StackedBarRenderer r = (StackedBarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setMaximumBarWidth(0.1);
    for (int i = 0; i < data.getRowCount(); i++) {
      r.setSeriesPaint(i, data.getRowKey(i).equals(BASELINE) ? BASELINE_BAR : BAR);
    }
    r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", compact()));
    r.setDefaultItemLabelsVisible(true);
    r.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    r.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12, TextAnchor.BOTTOM_CENTER));
    CategoryAxis x = plot.getDomainAxis();
    x.setMaximumCategoryLabelLines(4);
    x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    x.setMaximumCategoryLabelWidthRatio(1.3f);
    valueAxis((NumberAxis) plot.getRangeAxis(), max * 1.12);
    plot.setRangeGridlinePaint(GRID);
    plot.setRangeGridlineStroke(GRID_LINE);
    addRefs(refs, plot::addRangeMarker, plot.getLegendItems(), plot::setFixedLegendItems);
    write(chart, plot, out);
  }

  /**
   * A line chart with x and y from 0; the legend counts each series' points as {@code
   * pointNoun}s; {@code dots} marks each point and keeps x ticks on whole numbers.
   */
  static void lineChart(Path out, String title, String xLabel, String yLabel, List<Series> series,
      List<RefLine> refs, String pointNoun, boolean dots) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    double maxY = refMax(refs);
    for (Series s : series) {
      int n = s.points().size();
      XYSeries xy = new XYSeries(s.name() + " (" + n + " " + pointNoun + (n == 1 ? ")" : "s)"),
          false, true);
      for (double[] p : s.points()) {
        xy.add(p[0], p[1]);
        maxY = Math.max(maxY, p[1]);
      }
      data.addSeries(xy);
    }
    JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data,
        PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    plot.setNoDataMessage("no " + pointNoun + "s in the results");
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, dots);
    for (int i = 0; i < series.size(); i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    NumberAxis x = (NumberAxis) plot.getDomainAxis();
    x.setAutoRangeIncludesZero(true);
    if (dots) {
      x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    }
    valueAxis((NumberAxis) plot.getRangeAxis(), maxY * 1.1);
    plot.setDomainGridlinePaint(GRID);
    plot.setRangeGridlinePaint(GRID);
    plot.setDomainGridlineStroke(GRID_LINE);
    plot.setRangeGridlineStroke(GRID_LINE);
    plot.setRangeGridlineStroke(GRID_LINE);
    addRefs(refs, plot::addRangeMarker, plot.getLegendItems(), plot::setFixedLegendItems);
    write(chart, plot, out);
  }

  /** From 0 to {@code upper}, with at most about eight of the axis' standard (round) tick units. */
  private static void valueAxis(NumberAxis y, double upper) {
    y.setNumberFormatOverride(compact());
    y.setRange(0, Math.max(1, upper));
    y.setTickUnit((NumberTickUnit) y.getStandardTickUnits().getCeilingTickUnit(y.getUpperBound() / 8));
  }

  private static double refMax(List<RefLine> refs) {
    return refs.stream().mapToDouble(RefLine::value).max().orElse(0);
  }

  /** Each reference line as a dashed marker, and in the legend after the series. */
  private static void addRefs(List<RefLine> refs, Consumer<ValueMarker> markers,
      LegendItemCollection seriesItems, Consumer<LegendItemCollection> legend) {
    if (refs.isEmpty()) {
      return;
    }
    LegendItemCollection items = new LegendItemCollection();
    items.addAll(seriesItems);
    for (int i = 0; i < refs.size(); i++) {
      Paint color = REF[i % REF.length];
      markers.accept(new ValueMarker(refs.get(i).value(), color, DASHED));
      items.add(new LegendItem(refs.get(i).label(), null, null, null,
          new Line2D.Double(-12, 0, 12, 0), DASHED, color));
    }
    legend.accept(items);
  }

  /** 4.5M, 250K, 12: axis ticks and bar values. */
  private static NumberFormat compact() {
    NumberFormat f = NumberFormat.getCompactNumberInstance(Locale.US, NumberFormat.Style.SHORT);
    f.setMaximumFractionDigits(1);
    return f;
  }

  private static void write(JFreeChart chart, Plot plot, Path out) throws IOException {
    chart.setBackgroundPaint(Color.WHITE);
    plot.setBackgroundPaint(Color.WHITE);
    chart.getTitle().setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    ChartUtils.saveChartAsPNG(out.toFile(), chart, WIDTH, HEIGHT);
  }
}
