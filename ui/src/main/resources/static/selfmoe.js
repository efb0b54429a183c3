// Draws every element with a data-chart description (JSON written by the server, see Charts.java) with ECharts, and
// marks the page with data-charts-ready="true" once every chart has rendered, so a reader or a browser test can tell.
(function () {
  'use strict';

  var root = document.documentElement;

  function axisName(name) {
    return { name: name, nameLocation: 'middle', nameGap: 32 };
  }

  function lines(spec) {
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 24, top: 40, bottom: 48 },
      xAxis: Object.assign({ type: 'value', minInterval: 1 }, axisName(spec.x)),
      yAxis: Object.assign({ type: 'value', scale: true }, axisName(spec.y)),
      series: spec.series.map(function (s) {
        return { name: s.name, type: 'line', showSymbol: s.data.length < 40, data: s.data };
      })
    };
  }

  function heatmap(spec) {
    return {
      tooltip: {
        formatter: function (p) {
          return spec.rows[p.value[1]] + ' → ' + spec.columns[p.value[0]] + '<br>mean weight ' +
            p.value[2].toFixed(3) + '<br>top-1 share ' + p.value[3].toFixed(3);
        }
      },
      grid: { left: 110, right: 90, top: 16, bottom: 48 },
      xAxis: Object.assign({ type: 'category', data: spec.columns }, axisName(spec.x)),
      yAxis: { type: 'category', data: spec.rows },
      visualMap: { min: 0, max: 1, calculable: true, orient: 'vertical', right: 8, top: 'center', text: ['1', '0'],
        dimension: 2 },
      series: [{ type: 'heatmap', name: spec.value, data: spec.data,
        label: { show: spec.data.length <= 64, formatter: function (p) { return p.value[2].toFixed(2); } } }]
    };
  }

  function bars(spec) {
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { type: 'scroll', top: 0 },
      grid: { left: 60, right: 24, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: spec.categories },
      yAxis: { type: 'value', name: spec.y, minInterval: 1 },
      series: spec.series.map(function (s) {
        return { name: s.name, type: 'bar', stack: 'outcome', data: s.data };
      })
    };
  }

  // Each line with its interval drawn as a band: the low bound, then (high - low) stacked on it and filled. The x axis
  // holds categories (the settings a sweep tried), so stacking adds up the y values.
  function bands(spec) {
    var series = [];
    spec.series.forEach(function (s, i) {
      var color = palette[i % palette.length];
      series.push({ name: s.name, type: 'line', color: color, data: s.data.map(function (p) { return [p[0], p[1]]; }) });
      var withBand = s.data.filter(function (p) { return p.length >= 4; });
      if (withBand.length === s.data.length && withBand.length > 0) {
        series.push({ name: s.name, type: 'line', stack: 'band' + i, symbol: 'none', lineStyle: { opacity: 0 },
          tooltip: { show: false }, data: s.data.map(function (p) { return [p[0], p[2]]; }) });
        series.push({ name: s.name, type: 'line', stack: 'band' + i, symbol: 'none', lineStyle: { opacity: 0 },
          areaStyle: { color: color, opacity: 0.15 }, tooltip: { show: false },
          data: s.data.map(function (p) { return [p[0], p[3] - p[2]]; }) });
      }
    });
    return {
      tooltip: { trigger: 'axis' },
      legend: { type: 'scroll', top: 0, data: spec.series.map(function (s) { return s.name; }) },
      grid: { left: 60, right: 24, top: 40, bottom: 48 },
      xAxis: Object.assign({ type: 'category', data: spec.categories, boundaryGap: false }, axisName(spec.x)),
      yAxis: Object.assign({ type: 'value', min: 0 }, axisName(spec.y)),
      series: series
    };
  }

  var palette = ['#3b6fb6', '#d9822b', '#3a9a5b', '#c23b3b', '#7b5ea7', '#8c6d31', '#d660a6', '#5f6b7a'];
  var builders = { lines: lines, heatmap: heatmap, bars: bars, bands: bands };

  function drawAll() {
    var pending = [];
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      if (!echarts.getInstanceByDom(el)) { pending.push(el); }
    });
    root.dataset.chartsReady = 'false';
    var left = pending.length;
    if (left === 0) { root.dataset.chartsReady = 'true'; return; }
    pending.forEach(function (el) {
      var spec = JSON.parse(el.dataset.chart);
      var chart = echarts.init(el, null, { renderer: 'svg' });
      var done = false;
      chart.on('finished', function () {
        if (done) { return; }
        done = true;
        el.dataset.rendered = 'true';
        left -= 1;
        if (left === 0) { root.dataset.chartsReady = 'true'; }
      });
      var option = builders[spec.kind](spec);
      option.animation = false;
      option.color = palette;
      chart.setOption(option);
    });
  }

  function disposeIn(container) {
    container.querySelectorAll('[data-chart]').forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) { chart.dispose(); }
    });
  }

  document.addEventListener('DOMContentLoaded', drawAll);
  document.addEventListener('htmx:beforeSwap', function (e) { disposeIn(e.detail.target); });
  document.addEventListener('htmx:afterSettle', drawAll);
  window.addEventListener('resize', function () {
    document.querySelectorAll('[data-chart]').forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) { chart.resize(); }
    });
  });
})();
