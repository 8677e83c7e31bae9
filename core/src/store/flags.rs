//! The small per-event facts packed into one `u16` of each row.
//!
//! | bits  | meaning                                   |
//! |-------|-------------------------------------------|
//! | 0–3   | identity type ([`IdentityType`] code)      |
//! | 4–6   | credential kind ([`CredentialKind`] code)  |
//! | 7     | MFA used                                  |
//! | 8–9   | readOnly: 0 unknown, 1 true, 2 false      |
//! | 10    | through the console                       |
//! | 11    | CloudTrail Insights event                 |
//! | 12    | data event (not management)               |
//! | 13    | made by another AWS service               |
//! | 14    | grants administrator rights (see [`crate::normalize::request`]) |
//! | 15    | turns a GuardDuty detector off            |

use crate::normalize::identity::{CredentialKind, IdentityType};

/// Packed per-event facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags(pub u16);

const MFA: u16 = 1 << 7;
const CONSOLE: u16 = 1 << 10;
const INSIGHT: u16 = 1 << 11;
const DATA: u16 = 1 << 12;
const VIA_SERVICE: u16 = 1 << 13;
const GRANTS_ADMIN: u16 = 1 << 14;
const DISABLES_DETECTOR: u16 = 1 << 15;

/// The `readOnly` field of an event; numbered so that counters can be indexed by it without a
/// branch (reads and writes mixed at random defeat a branch predictor).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReadOnly {
    /// Not logged.
    Unknown = 0,
    /// A read.
    Read = 1,
    /// A write.
    Write = 2,
}

/// The facts packed into [`Flags`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagFacts {
    /// `userIdentity.type`.
    pub identity: IdentityType,
    /// Credential kind.
    pub credential: CredentialKind,
    /// MFA used.
    pub mfa: bool,
    /// `readOnly`.
    pub read_only: ReadOnly,
    /// Through the console.
    pub console: bool,
    /// An Insights event.
    pub insight: bool,
    /// A data event.
    pub data: bool,
    /// Made by another AWS service.
    pub via_service: bool,
    /// Attaches `AdministratorAccess` or puts an inline policy allowing `*` on `*`.
    pub grants_admin: bool,
    /// A GuardDuty `UpdateDetector` with `enable: false`.
    pub disables_detector: bool,
}

impl Flags {
    /// Packs the facts.
    pub fn pack(f: FlagFacts) -> Self {
        let read = match f.read_only {
            ReadOnly::Unknown => 0,
            ReadOnly::Read => 1,
            ReadOnly::Write => 2,
        };
        let bit = |on: bool, mask: u16| if on { mask } else { 0 };
        Flags(
            f.identity as u16
                | (f.credential as u16) << 4
                | bit(f.mfa, MFA)
                | read << 8
                | bit(f.console, CONSOLE)
                | bit(f.insight, INSIGHT)
                | bit(f.data, DATA)
                | bit(f.via_service, VIA_SERVICE)
                | bit(f.grants_admin, GRANTS_ADMIN)
                | bit(f.disables_detector, DISABLES_DETECTOR),
        )
    }

    /// `userIdentity.type`.
    pub fn identity(self) -> IdentityType {
        IdentityType::from_code(self.0 & 0xF)
    }
    /// Credential kind.
    pub fn credential(self) -> CredentialKind {
        CredentialKind::from_code((self.0 >> 4) & 0x7)
    }
    /// MFA used.
    pub fn mfa(self) -> bool {
        self.0 & MFA != 0
    }
    /// `readOnly`.
    pub fn read_only(self) -> ReadOnly {
        match (self.0 >> 8) & 0x3 {
            1 => ReadOnly::Read,
            2 => ReadOnly::Write,
            _ => ReadOnly::Unknown,
        }
    }
    /// Through the console.
    pub fn console(self) -> bool {
        self.0 & CONSOLE != 0
    }
    /// An Insights event.
    pub fn insight(self) -> bool {
        self.0 & INSIGHT != 0
    }
    /// A data event.
    pub fn data(self) -> bool {
        self.0 & DATA != 0
    }
    /// Made by another AWS service.
    pub fn via_service(self) -> bool {
        self.0 & VIA_SERVICE != 0
    }
    /// Grants administrator rights (the IAM-persistence findings read it).
    pub fn grants_admin(self) -> bool {
        self.0 & GRANTS_ADMIN != 0
    }
    /// Turns a GuardDuty detector off (the monitoring-disabled finding reads it).
    pub fn disables_detector(self) -> bool {
        self.0 & DISABLES_DETECTOR != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_round_trips() {
        for identity in IdentityType::ALL {
            for credential in CredentialKind::ALL {
                for read_only in [ReadOnly::Unknown, ReadOnly::Read, ReadOnly::Write] {
                    for bits in 0..128u8 {
                        let facts = FlagFacts {
                            identity,
                            credential,
                            mfa: bits & 1 != 0,
                            read_only,
                            console: bits & 2 != 0,
                            insight: bits & 4 != 0,
                            data: bits & 8 != 0,
                            via_service: bits & 16 != 0,
                            grants_admin: bits & 32 != 0,
                            disables_detector: bits & 64 != 0,
                        };
                        let f = Flags::pack(facts);
                        let back = FlagFacts {
                            identity: f.identity(),
                            credential: f.credential(),
                            mfa: f.mfa(),
                            read_only: f.read_only(),
                            console: f.console(),
                            insight: f.insight(),
                            data: f.data(),
                            via_service: f.via_service(),
                            grants_admin: f.grants_admin(),
                            disables_detector: f.disables_detector(),
                        };
                        assert_eq!(back, facts);
                    }
                }
            }
        }
    }
}
