#pragma once
// Small hand-written SVG charts for the report (no plotting dependency):
// line plots with error bars (metric against balance ratio, loss per epoch)
// and horizontal bar charts (metric per method).

#include <string>
#include <vector>

namespace smrt::eval {

struct Series {
  std::string name;
  std::vector<double> x, y;
  std::vector<double> error;  ///< +- per point (empty: none)
  bool dashed = false;
};

struct PlotOptions {
  std::string title, x_label, y_label;
  int width = 560, height = 360;
  bool log_y = false;
};

/// Lines with markers; a series with one point and x outside the others'
/// range is drawn as a horizontal reference line across the plot.
std::string svg_line_plot(const std::vector<Series>& series, const PlotOptions& options);

struct Bar {
  std::string name;
  double value = 0, error = 0;
};

/// One horizontal bar per entry, with +- error whiskers; values in [0, 1] axes.
std::string svg_bar_chart(const std::vector<Bar>& bars, const PlotOptions& options);

/// Escapes &, <, >, " for HTML and SVG text.
std::string xml_escape(const std::string& text);

}  // namespace smrt::eval
