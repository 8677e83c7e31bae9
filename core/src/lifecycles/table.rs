//! The asynchronous-job patterns as data: one line per kind of job, naming the call that starts
//! it, where that call's job key is, the calls that poll, stop or delete it and where their key
//! is, and where a status lives in responses. Paths are dotted from the event's root
//! (`requestParameters.…` or `responseElements.…`); `*` steps into any member of an object.
//! Field names are CloudTrail's lower-camel-case spelling of each service's API members.

use crate::normalize::event_name::NameMemo;
use serde::{Deserialize, Serialize};

/// What a call does to its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Starts (or creates) the job.
    Start,
    /// Asks for its status or results.
    Check,
    /// Stops it before it ends on its own.
    Stop,
    /// Deletes its record once it has ended.
    Delete,
}

/// One kind of asynchronous job.
#[derive(Debug)]
pub struct JobKind {
    /// `eventSource` of every call.
    pub source: &'static str,
    /// What the job is called, for people.
    pub job: &'static str,
    /// Calls that start a job.
    pub start: &'static [&'static str],
    /// Where a start call holds the job key (a request name chosen by the caller, or an id in the
    /// response).
    pub start_key: &'static str,
    /// Calls that poll the job or fetch its results.
    pub checks: &'static [&'static str],
    /// Calls that stop it.
    pub stops: &'static [&'static str],
    /// Calls that delete it.
    pub deletes: &'static [&'static str],
    /// Where the checks, stops and deletes hold the job key.
    pub key: &'static str,
    /// Where any response may hold the job's status, tried in order.
    pub status: &'static [&'static str],
}

const COMPREHEND_STARTS: &[&str] = &[
    "StartDocumentClassificationJob",
    "StartDominantLanguageDetectionJob",
    "StartEntitiesDetectionJob",
    "StartEventsDetectionJob",
    "StartKeyPhrasesDetectionJob",
    "StartPiiEntitiesDetectionJob",
    "StartSentimentDetectionJob",
    "StartTargetedSentimentDetectionJob",
    "StartTopicsDetectionJob",
];
const COMPREHEND_CHECKS: &[&str] = &[
    "DescribeDocumentClassificationJob",
    "DescribeDominantLanguageDetectionJob",
    "DescribeEntitiesDetectionJob",
    "DescribeEventsDetectionJob",
    "DescribeKeyPhrasesDetectionJob",
    "DescribePiiEntitiesDetectionJob",
    "DescribeSentimentDetectionJob",
    "DescribeTargetedSentimentDetectionJob",
    "DescribeTopicsDetectionJob",
];
const COMPREHEND_STOPS: &[&str] = &[
    "StopDominantLanguageDetectionJob",
    "StopEntitiesDetectionJob",
    "StopEventsDetectionJob",
    "StopKeyPhrasesDetectionJob",
    "StopPiiEntitiesDetectionJob",
    "StopSentimentDetectionJob",
    "StopTargetedSentimentDetectionJob",
];
const REKOGNITION_STARTS: &[&str] = &[
    "StartCelebrityRecognition",
    "StartContentModeration",
    "StartFaceDetection",
    "StartFaceSearch",
    "StartLabelDetection",
    "StartPersonTracking",
    "StartSegmentDetection",
    "StartTextDetection",
];
const REKOGNITION_CHECKS: &[&str] = &[
    "GetCelebrityRecognition",
    "GetContentModeration",
    "GetFaceDetection",
    "GetFaceSearch",
    "GetLabelDetection",
    "GetPersonTracking",
    "GetSegmentDetection",
    "GetTextDetection",
];
const TEXTRACT_STARTS: &[&str] = &[
    "StartDocumentAnalysis",
    "StartDocumentTextDetection",
    "StartExpenseAnalysis",
    "StartLendingAnalysis",
];
const TEXTRACT_CHECKS: &[&str] = &[
    "GetDocumentAnalysis",
    "GetDocumentTextDetection",
    "GetExpenseAnalysis",
    "GetLendingAnalysis",
    "GetLendingAnalysisSummary",
];

/// Every kind of job that is linked; a job is keyed by its kind's index here.
#[rustfmt::skip]
pub const JOBS: &[JobKind] = &[
    JobKind { source: "transcribe.amazonaws.com", job: "transcription job", start: &["StartTranscriptionJob"], start_key: "requestParameters.transcriptionJobName", checks: &["GetTranscriptionJob"], stops: &[], deletes: &["DeleteTranscriptionJob"], key: "requestParameters.transcriptionJobName", status: &["responseElements.transcriptionJob.transcriptionJobStatus"] },
    JobKind { source: "transcribe.amazonaws.com", job: "medical transcription job", start: &["StartMedicalTranscriptionJob"], start_key: "requestParameters.medicalTranscriptionJobName", checks: &["GetMedicalTranscriptionJob"], stops: &[], deletes: &["DeleteMedicalTranscriptionJob"], key: "requestParameters.medicalTranscriptionJobName", status: &["responseElements.medicalTranscriptionJob.transcriptionJobStatus"] },
    JobKind { source: "transcribe.amazonaws.com", job: "call analytics job", start: &["StartCallAnalyticsJob"], start_key: "requestParameters.callAnalyticsJobName", checks: &["GetCallAnalyticsJob"], stops: &[], deletes: &["DeleteCallAnalyticsJob"], key: "requestParameters.callAnalyticsJobName", status: &["responseElements.callAnalyticsJob.callAnalyticsJobStatus"] },
    JobKind { source: "transcribe.amazonaws.com", job: "medical scribe job", start: &["StartMedicalScribeJob"], start_key: "requestParameters.medicalScribeJobName", checks: &["GetMedicalScribeJob"], stops: &[], deletes: &["DeleteMedicalScribeJob"], key: "requestParameters.medicalScribeJobName", status: &["responseElements.medicalScribeJob.medicalScribeJobStatus"] },
    JobKind { source: "textract.amazonaws.com", job: "document analysis job", start: TEXTRACT_STARTS, start_key: "responseElements.jobId", checks: TEXTRACT_CHECKS, stops: &[], deletes: &[], key: "requestParameters.jobId", status: &["responseElements.jobStatus"] },
    JobKind { source: "rekognition.amazonaws.com", job: "video analysis job", start: REKOGNITION_STARTS, start_key: "responseElements.jobId", checks: REKOGNITION_CHECKS, stops: &[], deletes: &[], key: "requestParameters.jobId", status: &["responseElements.jobStatus"] },
    JobKind { source: "comprehend.amazonaws.com", job: "analysis job", start: COMPREHEND_STARTS, start_key: "responseElements.jobId", checks: COMPREHEND_CHECKS, stops: COMPREHEND_STOPS, deletes: &[], key: "requestParameters.jobId", status: &["responseElements.jobStatus", "responseElements.*.jobStatus"] },
    JobKind { source: "polly.amazonaws.com", job: "speech synthesis task", start: &["StartSpeechSynthesisTask"], start_key: "responseElements.synthesisTask.taskId", checks: &["GetSpeechSynthesisTask"], stops: &[], deletes: &[], key: "requestParameters.taskId", status: &["responseElements.synthesisTask.taskStatus"] },
    JobKind { source: "athena.amazonaws.com", job: "query", start: &["StartQueryExecution"], start_key: "responseElements.queryExecutionId", checks: &["GetQueryExecution", "GetQueryResults", "GetQueryRuntimeStatistics"], stops: &["StopQueryExecution"], deletes: &[], key: "requestParameters.queryExecutionId", status: &["responseElements.queryExecution.status.state"] },
    JobKind { source: "glue.amazonaws.com", job: "job run", start: &["StartJobRun"], start_key: "responseElements.jobRunId", checks: &["GetJobRun"], stops: &[], deletes: &[], key: "requestParameters.runId", status: &["responseElements.jobRun.jobRunState"] },
    JobKind { source: "states.amazonaws.com", job: "execution", start: &["StartExecution", "StartSyncExecution"], start_key: "responseElements.executionArn", checks: &["DescribeExecution", "GetExecutionHistory"], stops: &["StopExecution"], deletes: &[], key: "requestParameters.executionArn", status: &["responseElements.status"] },
    JobKind { source: "sagemaker.amazonaws.com", job: "training job", start: &["CreateTrainingJob"], start_key: "requestParameters.trainingJobName", checks: &["DescribeTrainingJob"], stops: &["StopTrainingJob"], deletes: &[], key: "requestParameters.trainingJobName", status: &["responseElements.trainingJobStatus"] },
    JobKind { source: "sagemaker.amazonaws.com", job: "processing job", start: &["CreateProcessingJob"], start_key: "requestParameters.processingJobName", checks: &["DescribeProcessingJob"], stops: &["StopProcessingJob"], deletes: &[], key: "requestParameters.processingJobName", status: &["responseElements.processingJobStatus"] },
    JobKind { source: "sagemaker.amazonaws.com", job: "transform job", start: &["CreateTransformJob"], start_key: "requestParameters.transformJobName", checks: &["DescribeTransformJob"], stops: &["StopTransformJob"], deletes: &[], key: "requestParameters.transformJobName", status: &["responseElements.transformJobStatus"] },
    JobKind { source: "personalize.amazonaws.com", job: "dataset import job", start: &["CreateDatasetImportJob"], start_key: "responseElements.datasetImportJobArn", checks: &["DescribeDatasetImportJob"], stops: &[], deletes: &[], key: "requestParameters.datasetImportJobArn", status: &["responseElements.datasetImportJob.status"] },
    JobKind { source: "personalize.amazonaws.com", job: "batch inference job", start: &["CreateBatchInferenceJob"], start_key: "responseElements.batchInferenceJobArn", checks: &["DescribeBatchInferenceJob"], stops: &[], deletes: &[], key: "requestParameters.batchInferenceJobArn", status: &["responseElements.batchInferenceJob.status"] },
];

impl JobKind {
    /// What `operation` does to this kind of job, if it is one of its calls.
    pub fn role_of(&self, operation: &str) -> Option<Role> {
        [
            (self.start, Role::Start),
            (self.checks, Role::Check),
            (self.stops, Role::Stop),
            (self.deletes, Role::Delete),
        ]
        .into_iter()
        .find(|(names, _)| names.contains(&operation))
        .map(|(_, role)| role)
    }

    /// Where a call in `role` holds the job key.
    pub fn key_path(&self, role: Role) -> &'static str {
        match role {
            Role::Start => self.start_key,
            _ => self.key,
        }
    }
}

/// The kind (index into [`JOBS`]) and role of a call, if the table names it.
pub fn find(source: &str, operation: &str) -> Option<(u16, Role)> {
    JOBS.iter()
        .enumerate()
        .filter(|(_, kind)| kind.source == source)
        .find_map(|(index, kind)| kind.role_of(operation).map(|role| (index as u16, role)))
}

/// Whether any kind names `operation` under some event source: the cheap first test.
fn names(operation: &str) -> bool {
    JOBS.iter().any(|kind| kind.role_of(operation).is_some())
}

/// The job calls of one batch, recognised by operation id first (see [`NameMemo`]).
#[derive(Debug, Default)]
pub struct JobOperations {
    named: NameMemo,
}

impl JobOperations {
    /// The kind and role of a call whose folded operation has batch id `id` (see [`NameMemo::holds`]).
    pub fn classify(&mut self, id: Option<u32>, source: &str, operation: &str) -> Option<(u16, Role)> {
        if !self.named.holds(id, operation, names) {
            return None;
        }
        find(source, operation)
    }
}
