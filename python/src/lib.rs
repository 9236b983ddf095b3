//! `tradeoff._native`: the Python package's one native module. It holds the
//! command line itself (`run_cli`: the same `main` as the `tradeoff` binary,
//! compiled in from ../src/main.rs, so `pip install` builds one library and no
//! second program) and the in-process API (`report`, `monitor`, `sweep`), which
//! calls the library's commands with the context and the data held in memory
//! (`tradeoff::input::memory`) where they were not given as files: the same
//! code, numbers and messages as the command line. The Python side
//! (python/tradeoff/) turns what these return into `Report` objects and errors
//! into `tradeoff.Error` subclasses.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use polars::prelude::{Column, DataFrame, PlSmallStr, Series};
use polars_arrow::array::{Array, StructArray};
use polars_arrow::datatypes::{ArrowDataType, Field};
use polars_arrow::ffi::{ArrowArrayStream, ArrowArrayStreamReader};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

use tradeoff::app;
use tradeoff::input::context::{ContextError, context_text_with_data, load_context};
use tradeoff::input::eval::production::MonitorLoadError;
use tradeoff::input::eval::{BaselineError, LoadError};
use tradeoff::input::memory::{Holding, hold};
use tradeoff::input::plan::{ReadError, SummaryError};

/// The command line's own source: `run` is what the binary's `main` calls.
#[allow(dead_code, unreachable_pub)]
#[path = "../../src/main.rs"]
mod command_line;

/// Runs the command line with `argv` (the program's name first) and returns its
/// exit status: the `tradeoff` console script.
#[pyfunction]
fn run_cli(py: Python<'_>, argv: Vec<OsString>) -> u8 {
    py.detach(|| command_line::run(argv))
}

/// An error for Python: its kind (the `tradeoff` exception class to raise) and
/// the command line's message.
fn error(e: &anyhow::Error) -> PyErr {
    PyValueError::new_err((error_kind(e), format!("{e:#}")))
}

/// The `tradeoff` exception class an error is raised as.
fn error_kind(e: &anyhow::Error) -> &'static str {
    let context = |c: &(dyn std::error::Error + 'static)| {
        c.is::<ContextError>() || matches!(c.downcast_ref(), Some(ReadError::Context(_)))
    };
    let data = |c: &(dyn std::error::Error + 'static)| {
        c.is::<LoadError>()
            || c.is::<BaselineError>()
            || c.is::<MonitorLoadError>()
            || c.is::<SummaryError>()
            || matches!(
                c.downcast_ref(),
                Some(ReadError::Data(_) | ReadError::Summary(_))
            )
    };
    if e.chain().any(context) {
        "ContextError"
    } else if e.chain().any(data) {
        "DataError"
    } else {
        "Error"
    }
}

/// A table from an object exporting the Arrow C stream interface
/// (`__arrow_c_stream__`), imported without copying its buffers where polars
/// holds the type as Arrow does. A polars DataFrame is read a column at a time,
/// through each Series' own stream: the frame's stream sends one batch, for
/// which polars copies every column into one chunk (430 MiB more on bench/'s 10
/// million rows), while a Series' stream sends its chunks as they are.
fn frame_from_stream(data: &Bound<'_, PyAny>) -> PyResult<DataFrame> {
    if let Some(columns) = polars_columns(data)? {
        let columns = columns
            .iter()
            .map(|column| {
                let (field, arrays) = read_stream(column)?;
                series(&field, arrays).map(Column::from)
            })
            .collect::<PyResult<Vec<_>>>()?;
        let height = columns.first().map_or(0, Column::len);
        return DataFrame::new(height, columns).map_err(import_error);
    }
    let (field, batches) = read_stream(data)?;
    let ArrowDataType::Struct(fields) = field.dtype() else {
        return Err(PyValueError::new_err((
            "DataError",
            "the Arrow stream does not hold a table (its type is not a struct)".to_owned(),
        )));
    };
    let mut chunks: Vec<Vec<Box<dyn Array>>> = vec![Vec::new(); fields.len()];
    for batch in batches {
        let Some(batch) = batch.as_any().downcast_ref::<StructArray>() else {
            return Err(PyValueError::new_err((
                "DataError",
                "the Arrow stream sent a batch that is not a table's rows".to_owned(),
            )));
        };
        for (column, values) in chunks.iter_mut().zip(batch.values()) {
            column.push(values.clone());
        }
    }
    let height = chunks
        .first()
        .map_or(0, |c| c.iter().map(|a| a.len()).sum());
    let columns = fields
        .iter()
        .zip(chunks)
        .map(|(field, arrays)| series(field, arrays).map(Column::from))
        .collect::<PyResult<Vec<_>>>()?;
    DataFrame::new(height, columns).map_err(import_error)
}

/// The columns of a polars DataFrame (the Series of `get_columns()`), when
/// `data` is one and each exports its own Arrow C stream; `None` otherwise.
fn polars_columns<'py>(data: &Bound<'py, PyAny>) -> PyResult<Option<Vec<Bound<'py, PyAny>>>> {
    if !data.hasattr("get_columns")? {
        return Ok(None);
    }
    let columns: Vec<Bound<'py, PyAny>> = data.call_method0("get_columns")?.extract()?;
    let exported = columns
        .iter()
        .map(|c| c.hasattr("__arrow_c_stream__"))
        .collect::<PyResult<Vec<_>>>()?;
    Ok(exported.iter().all(|&e| e).then_some(columns))
}

/// The error of an Arrow stream polars cannot take.
fn import_error(e: polars::prelude::PolarsError) -> PyErr {
    PyValueError::new_err(("DataError", format!("cannot read the Arrow stream: {e}")))
}

/// What `data`'s Arrow C stream holds: its field and every array it sends, as
/// they are (their buffers are shared, not copied).
fn read_stream(data: &Bound<'_, PyAny>) -> PyResult<(Field, Vec<Box<dyn Array>>)> {
    let capsule = data.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.cast::<PyCapsule>()?;
    // The name is checked (an error if it is not the stream's); the consumer
    // moves the stream out and leaves a released one behind (the Arrow C stream
    // interface's rule), so the capsule's destructor then does nothing.
    let pointer = capsule
        .pointer_checked(Some(c"arrow_array_stream"))?
        .cast::<ArrowArrayStream>();
    let stream = unsafe { std::ptr::replace(pointer.as_ptr(), ArrowArrayStream::empty()) };
    let mut reader =
        unsafe { ArrowArrayStreamReader::try_new(Box::new(stream)) }.map_err(import_error)?;
    let field = reader.field().clone();
    let mut arrays = Vec::new();
    while let Some(array) = unsafe { reader.next() } {
        arrays.push(array.map_err(import_error)?);
    }
    Ok((field, arrays))
}

/// The column `field` names, from its `arrays` (none: an empty column of its type).
fn series(field: &Field, arrays: Vec<Box<dyn Array>>) -> PyResult<Series> {
    let name = PlSmallStr::from(field.name.as_str());
    if arrays.is_empty() {
        return Ok(Series::new_empty(
            name,
            &polars::prelude::DataType::from_arrow_field(field),
        ));
    }
    Series::try_from((name, arrays)).map_err(import_error)
}

/// How messages name a table held in memory: the loaders name it by the path
/// it is held at (`<polars.DataFrame>` in the context's folder, as if it were a
/// file); the user knows it as the object given as `data`.
struct TableName {
    /// The path it is held at, as messages write it.
    held: String,
    /// What the user calls it: "the polars.DataFrame given as data".
    natural: String,
}

impl TableName {
    /// The name of the table held at `path` under `name` (`<polars.DataFrame>`).
    fn new(path: &Path, name: &str) -> TableName {
        let kind = name.trim_start_matches('<').trim_end_matches('>');
        TableName {
            held: path.display().to_string(),
            natural: format!("the {kind} given as data"),
        }
    }

    /// `text` (a message, or what the command printed) with the table called
    /// by its natural name, and "the file" it is said to be where the words
    /// are a file's.
    fn natural(&self, text: &str) -> String {
        let (held, natural) = (&self.held, &self.natural);
        text.replace(
            &format!("{held}: the file has no data rows"),
            &format!("{natural} has no rows"),
        )
        .replace(
            &format!("{held}: cannot read the file: "),
            &format!("cannot read {natural}: "),
        )
        .replace(held.as_str(), natural)
    }
}

/// `text` with the table (if any) called by its natural name.
fn natural(table: Option<&TableName>, text: String) -> String {
    match table {
        Some(t) => t.natural(&text),
        None => text,
    }
}

/// An error for Python (see [`error`]), naming the table (if any) by its
/// natural name.
fn table_error(table: Option<&TableName>, e: &anyhow::Error) -> PyErr {
    PyValueError::new_err((error_kind(e), natural(table, format!("{e:#}"))))
}

/// The inputs of one call, held in memory for as long as it runs.
struct Held {
    /// The context file the command is given.
    context_file: PathBuf,
    /// The table given as data, when one was: how messages name it.
    table: Option<TableName>,
    /// What is held (dropped at the end of the call).
    _holdings: Vec<Holding>,
}

/// Holds the context (given as `context_text`, else read from `context_file`)
/// with `data.path` pointed at `data`: a path, or a table held under `name`.
fn hold_inputs(
    context_file: PathBuf,
    context_text: Option<String>,
    data: Option<&Bound<'_, PyAny>>,
    name: &str,
) -> PyResult<Held> {
    let context_error = |e: ContextError| error(&anyhow::Error::new(e));
    let (text, frame) = match data {
        None => (context_text, None),
        Some(data) => {
            let (data_path, frame) = match data.extract::<PathBuf>() {
                Ok(path) => (path.display().to_string(), None),
                Err(_) => (name.to_owned(), Some(frame_from_stream(data)?)),
            };
            // The context as given (text held only while it is read), with
            // data.path replaced.
            let given = context_text.map(|text| hold(&context_file, text));
            let path = given.as_ref().map_or(context_file.as_path(), Holding::path);
            let text = context_text_with_data(path, &data_path).map_err(context_error)?;
            drop(given);
            (Some(text), frame)
        }
    };
    let mut holdings = Vec::new();
    let mut context_file = context_file;
    if let Some(text) = text {
        let holding = hold(&context_file, text);
        context_file = holding.path().to_owned();
        holdings.push(holding);
    }
    let mut table = None;
    if let Some(frame) = frame {
        // Held where the context's loaders will look: data.path as resolved
        // against the context's folder.
        let context = load_context(&context_file).map_err(context_error)?;
        let holding = hold(&context.data.path, frame);
        table = Some(TableName::new(holding.path(), name));
        holdings.push(holding);
    }
    Ok(Held {
        context_file,
        table,
        _holdings: holdings,
    })
}

/// Reads a file the command wrote into the call's scratch folder.
fn read_output(path: &Path) -> PyResult<String> {
    std::fs::read_to_string(path).map_err(|e| {
        PyValueError::new_err(("Error", format!("cannot read {}: {e}", path.display())))
    })
}

/// `tradeoff report` in-process: returns (page, JSON summary, markdown, what
/// the command prints on stdout and on stderr, whether a gate failed).
#[pyfunction]
#[pyo3(signature = (context_file, context_text, data, name, scratch, examples, drop_invalid, all_segment_values))]
#[allow(clippy::too_many_arguments)]
fn report(
    py: Python<'_>,
    context_file: PathBuf,
    context_text: Option<String>,
    data: Option<Bound<'_, PyAny>>,
    name: String,
    scratch: PathBuf,
    examples: usize,
    drop_invalid: bool,
    all_segment_values: bool,
) -> PyResult<(String, String, String, String, String, bool)> {
    let held = hold_inputs(context_file, context_text, data.as_ref(), &name)?;
    let request = app::ReportRequest {
        context_file: held.context_file.clone(),
        output: Some(scratch.join("report.html")),
        json: Some(scratch.join("report.json")),
        markdown: Some(scratch.join("report.md")),
        examples,
        drop_invalid,
        check: false,
        all_segment_values,
    };
    let table = held.table.as_ref();
    let built = py
        .detach(|| app::report(&request))
        .map_err(|e| table_error(table, &e))?;
    let stderr = natural(table, built.printed.stderr);
    drop(held);
    Ok((
        built.html,
        read_output(&scratch.join("report.json"))?,
        read_output(&scratch.join("report.md"))?,
        built.printed.stdout,
        stderr,
        built.release.any_gate_failed(),
    ))
}

/// `tradeoff monitor` in-process: returns (page, JSON, markdown, stdout, stderr).
#[pyfunction]
#[pyo3(signature = (context_file, context_text, data, name, scratch))]
fn monitor(
    py: Python<'_>,
    context_file: PathBuf,
    context_text: Option<String>,
    data: Option<Bound<'_, PyAny>>,
    name: String,
    scratch: PathBuf,
) -> PyResult<(String, String, String, String, String)> {
    let held = hold_inputs(context_file, context_text, data.as_ref(), &name)?;
    let request = app::MonitorRequest {
        context_file: held.context_file.clone(),
        output: Some(scratch.join("monitor.html")),
        json: Some(scratch.join("monitor.json")),
        markdown: Some(scratch.join("monitor.md")),
        audit_sample: None,
    };
    let table = held.table.as_ref();
    let monitored = py
        .detach(|| app::monitor(&request))
        .map_err(|e| table_error(table, &e))?;
    let stderr = natural(table, monitored.printed.stderr);
    drop(held);
    Ok((
        monitored.html,
        read_output(&scratch.join("monitor.json"))?,
        read_output(&scratch.join("monitor.md"))?,
        monitored.printed.stdout,
        stderr,
    ))
}

/// `tradeoff sweep --format json` in-process: returns (JSON, stderr).
#[pyfunction]
#[pyo3(signature = (data, name, score, label, positive, thresholds, all, drop_invalid))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    data: Bound<'_, PyAny>,
    name: String,
    score: String,
    label: String,
    positive: Option<String>,
    thresholds: Option<Vec<f64>>,
    all: bool,
    drop_invalid: bool,
) -> PyResult<(String, String)> {
    let mut holdings = Vec::new();
    let mut table = None;
    let data_file = match data.extract::<PathBuf>() {
        Ok(path) => path,
        Err(_) => {
            let holding = hold(Path::new(&name), frame_from_stream(&data)?);
            let path = holding.path().to_owned();
            table = Some(TableName::new(&path, &name));
            holdings.push(holding);
            path
        }
    };
    let request = app::SweepRequest {
        data_file,
        score,
        label,
        positive,
        thresholds,
        all,
        format: tradeoff::present::export::sweep::SweepFormat::Json,
        drop_invalid,
        csv: tradeoff::input::eval::CsvOptions::default(),
    };
    let table = table.as_ref();
    let printed = py
        .detach(|| app::sweep(&request))
        .map_err(|e| table_error(table, &e))?;
    drop(holdings);
    Ok((printed.stdout, natural(table, printed.stderr)))
}

/// The module: `tradeoff._native`.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(run_cli, module)?)?;
    module.add_function(wrap_pyfunction!(report, module)?)?;
    module.add_function(wrap_pyfunction!(monitor, module)?)?;
    module.add_function(wrap_pyfunction!(sweep, module)?)?;
    Ok(())
}
