// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

/// @title IJury
/// @notice Karma-weighted juries for disputed tasks, with commit-reveal voting.
/// @dev Trust assumption of the draw: jurors are sampled with the hash of a block mined after the
/// dispute was opened (`drawBlock`), so neither party can choose the seed. A block proposer
/// colluding with a party could withhold its block to re-roll once, giving up its reward; a party
/// cannot predict the seed when it opens the dispute. Sampling is by rejection: a uniform pick
/// from the pool is accepted with probability equal to its karma in the case's domain, which
/// selects candidates in proportion to karma with a bounded number of attempts.
interface IJury {
    /// @notice The outcome of a case.
    enum Ruling {
        None,
        AgentWins,
        RequesterWins,
        Undecided
    }

    /// @notice Where a case stands.
    enum Phase {
        None,
        AwaitingDraw,
        Voting,
        Resolved
    }

    /// @notice A case as stored.
    struct Case {
        uint256 taskId;
        address requester;
        uint16 domain;
        Phase phase;
        Ruling ruling;
        address agent;
        uint64 drawBlock;
        uint40 openedAt;
        uint40 commitDeadline;
        uint40 revealDeadline;
        /// @dev The juror stake locked at the draw; settlement unlocks or slashes exactly this,
        /// whatever the parameter has become since.
        uint128 jurorStake;
    }

    /// @notice A drawn juror's ballot.
    struct Ballot {
        bytes32 commitment;
        Ruling vote;
        bool revealed;
    }

    /// @notice Parameters the owner (governance) may change.
    struct Parameters {
        uint8 jurySize;
        uint8 drawAttemptsPerSeat;
        uint16 drawDelayBlocks;
        uint32 drawPeriod;
        uint32 commitPeriod;
        uint32 revealPeriod;
        uint64 minJurorKarma;
        uint128 jurorStake;
    }

    /// @notice Emitted when the escrow opens a case.
    event CaseOpened(uint256 indexed caseId, uint256 indexed taskId, uint16 domain, uint64 drawBlock);
    /// @notice Emitted when the jury is drawn; `jurors` may be fewer than the jury size.
    event JurorsDrawn(uint256 indexed caseId, address[] jurors, uint40 commitDeadline, uint40 revealDeadline);
    /// @notice Emitted when the draw block is too old for its hash and a new one is set.
    event DrawRescheduled(uint256 indexed caseId, uint64 drawBlock);
    /// @notice Emitted when a juror commits a hidden vote.
    event VoteCommitted(uint256 indexed caseId, address indexed juror);
    /// @notice Emitted when a juror reveals its vote.
    event VoteRevealed(uint256 indexed caseId, address indexed juror, Ruling vote);
    /// @notice Emitted when a case is resolved.
    event CaseResolved(
        uint256 indexed caseId,
        uint256 indexed taskId,
        Ruling ruling,
        uint256 votesForAgent,
        uint256 votesForRequester
    );
    /// @notice Emitted when a juror joins or leaves the pool.
    event PoolMembershipChanged(address indexed juror, bool member);
    /// @notice Emitted when the owner changes the parameters.
    event ParametersSet(Parameters parameters);

    /// @notice Only the escrow may open cases.
    error JuryNotEscrow(address caller);
    /// @notice No such case.
    error JuryUnknownCase(uint256 caseId);
    /// @notice The case is not in the phase this call needs.
    error JuryWrongPhase(uint256 caseId, Phase actual, Phase expected);
    /// @notice The draw block has not been mined yet.
    error JuryDrawTooEarly(uint256 caseId, uint64 drawBlock);
    /// @notice The caller is not a juror of this case.
    error JuryNotJuror(uint256 caseId, address caller);
    /// @notice The juror has already committed (a second vote).
    error JuryAlreadyCommitted(uint256 caseId, address juror);
    /// @notice The juror has already revealed, or never committed.
    error JuryCannotReveal(uint256 caseId, address juror);
    /// @notice The reveal does not open the commitment.
    error JuryCommitmentMismatch(uint256 caseId, address juror);
    /// @notice A vote other than AgentWins or RequesterWins.
    error JuryInvalidVote(Ruling vote);
    /// @notice The commit period is over.
    error JuryCommitClosed(uint256 caseId, uint40 commitDeadline);
    /// @notice The reveal period is not open.
    error JuryRevealClosed(uint256 caseId, uint40 commitDeadline, uint40 revealDeadline);
    /// @notice The case cannot be resolved yet.
    error JuryNotResolvable(uint256 caseId, uint256 readyAt);
    /// @notice Already in, or not in, the pool.
    error JuryPoolMembership(address juror, bool member);
    /// @notice A parameter outside its bounds.
    error JuryInvalidParameter();

    /// @notice Opens a case for a disputed task. Escrow only.
    function openCase(uint256 taskId, uint16 domain, address requester, address agent) external returns (uint64 caseId);
    /// @notice Draws the jury once the draw block is mined; anyone may call.
    function draw(uint256 caseId) external;
    /// @notice Commits keccak256(abi.encode(caseId, juror, vote, salt)).
    function commitVote(uint256 caseId, bytes32 commitment) external;
    /// @notice Reveals a committed vote.
    function revealVote(uint256 caseId, Ruling vote, bytes32 salt) external;
    /// @notice Resolves the case after the reveal deadline (or the draw period if no jury could be
    /// drawn) and executes the ruling through the escrow; anyone may call.
    function resolve(uint256 caseId) external;
    /// @notice Joins the juror pool.
    function joinPool() external;
    /// @notice Leaves the juror pool.
    function leavePool() external;
    /// @notice Sets the parameters. Owner only.
    function setParameters(Parameters calldata parameters) external;

    /// @notice The case.
    function getCase(uint256 caseId) external view returns (Case memory);
    /// @notice The jurors drawn for a case.
    function jurorsOf(uint256 caseId) external view returns (address[] memory);
    /// @notice A juror's ballot in a case.
    function ballotOf(uint256 caseId, address juror) external view returns (Ballot memory);
    /// @notice The juror pool.
    function pool() external view returns (address[] memory);
    /// @notice The current parameters.
    function parameters() external view returns (Parameters memory);
    /// @notice The commitment a juror must submit for `vote` with `salt`.
    function commitmentFor(uint256 caseId, address juror, Ruling vote, bytes32 salt) external pure returns (bytes32);
}
