// report.js
