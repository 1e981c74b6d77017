// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {IAgentTimelock} from "./IAgentTimelock.sol";
import {IKarmaRegistry} from "./IKarmaRegistry.sol";
import {IPersonhoodRegistry} from "./IPersonhoodRegistry.sol";
import {IReputationVotes} from "./IReputationVotes.sol";

/// @title IReputationGovernor
/// @notice Proposals voted on with governance reputation as it stood when they were made, through
/// liquid delegation with override, optionally confirmed by a house of verified humans (one person,
/// one anonymous vote), then queued in the agent timelock where humans can still veto them. The
/// outcome feeds back into the proposer's governance karma.
/// @dev Delegation with override: an account votes with its power at the snapshot (its own weight
/// plus everything delegated to it) minus what accounts below it have already cast themselves. A
/// delegator who votes after its delegate takes its weight back from that delegate's vote. Each
/// unit of snapshot weight is thus counted at most once, by the lowest account on its path that
/// voted, whatever the order of the votes.
interface IReputationGovernor {
    /// @notice Where a proposal stands (the lifecycle of 004's state diagram).
    enum ProposalState {
        Pending, // made, voting not started
        Active, // voting open
        Defeated, // voting over: no quorum, for <= against, or the human house said no
        Succeeded, // voting over and passed, not yet queued
        Queued, // in the timelock, within its delay or ready to execute
        Vetoed, // vetoed by humans in the timelock
        Executed,
        Expired // passed but not queued in time, or not executed within the timelock's grace
    }

    /// @notice The rules, each settable by the owner within fixed bounds.
    /// @dev The first seven fields share one storage slot: `propose` reads them with one load.
    /// @param votingDelay Seconds between proposing and the start of voting (at most 30 days).
    /// @param votingPeriod Seconds voting lasts (1 hour to 90 days).
    /// @param proposalThreshold Current power (WAD) a proposer needs (at most 1e18, so that one
    /// account with full governance karma can always propose).
    /// @param maxOpenProposals Pending or active proposals one proposer may have (1 to 6).
    /// @param quorumBps Share of the snapshot's total weight that for + against + abstain must
    /// reach (1 to 10,000). Fixed per proposal when it is made.
    /// @param minHumanTurnout Human votes (any choice) a proposal requiring humans needs. Fixed
    /// per proposal when it is made.
    /// @param queuePeriod Seconds after the end of voting within which a succeeded proposal must
    /// be queued, or it expires (1 hour to 90 days).
    /// @param executedGainWeight EMA weight (WAD, at most 1e18) of the proposer's karma gain when
    /// its proposal executes.
    /// @param defeatedLossWeight EMA weight of the proposer's karma loss on defeat.
    /// @param vetoedLossWeight EMA weight of the proposer's karma loss on a veto.
    struct Settings {
        uint32 votingDelay;
        uint32 votingPeriod;
        uint96 proposalThreshold;
        uint8 maxOpenProposals;
        uint16 quorumBps;
        uint32 minHumanTurnout;
        uint32 queuePeriod;
        uint64 executedGainWeight;
        uint64 defeatedLossWeight;
        uint64 vetoedLossWeight;
    }

    /// @notice A proposal's stored data (`proposer` zero: no such proposal).
    /// @param snapshot Weights and delegations count as they stood at the end of this second.
    /// @param voteStart First second of voting.
    /// @param voteEnd Last second of voting.
    /// @param timelock The timelock it was queued in (zero: not queued).
    /// @param requestId Its request in that timelock (meaningful only when queued).
    struct ProposalCore {
        address proposer;
        uint40 snapshot;
        uint40 voteStart;
        uint40 voteEnd;
        uint16 quorumBps;
        bool requireHumans;
        bool feedbackSettled;
        address timelock;
        uint256 requestId;
    }

    /// @notice An account's part in a proposal.
    /// @param voted Whether it voted itself.
    /// @param support Its choice (0 against, 1 for, 2 abstain) when it voted.
    /// @param weight The weight its vote counts now: what it cast, less what delegators below it
    /// took back by voting later.
    /// @param taken Weight of its delegation subtree cast by accounts below it that voted.
    struct Receipt {
        bool voted;
        uint8 support;
        uint80 weight;
        uint80 taken;
    }

    /// @notice Emitted when a proposal is made. The description and the actions live only here
    /// (and in the calldata of `queue`): the contract keeps the hash the proposal id commits to.
    event ProposalCreated(
        uint256 indexed proposalId,
        address indexed proposer,
        IAgentTimelock.Action[] actions,
        string description,
        bool requireHumans,
        uint40 snapshot,
        uint40 voteStart,
        uint40 voteEnd
    );
    /// @notice Emitted when an account votes; `weight` is what it cast.
    event VoteCast(uint256 indexed proposalId, address indexed voter, uint8 support, uint256 weight);
    /// @notice Emitted when a voter takes `weight` back from the vote of `delegate`, the first
    /// account above it that had already voted.
    event VoteOverridden(uint256 indexed proposalId, address indexed delegate, address indexed voter, uint256 weight);
    /// @notice Emitted when a verified human votes (anonymously: only the nullifier is known).
    event HumanVoteCast(uint256 indexed proposalId, uint8 support, uint256 nullifier);
    /// @notice Emitted when a succeeded proposal enters the timelock.
    event ProposalQueued(uint256 indexed proposalId, address indexed timelock, uint256 requestId);
    /// @notice Emitted when a final proposal's outcome moves its proposer's governance karma.
    event FeedbackSettled(
        uint256 indexed proposalId,
        address indexed proposer,
        ProposalState state,
        uint64 outcome,
        uint64 weight
    );
    /// @notice Emitted when the owner sets the timelock that queues passed proposals.
    event TimelockSet(address timelock);
    /// @notice Emitted when the owner sets the voting delay.
    event VotingDelaySet(uint32 votingDelay);
    /// @notice Emitted when the owner sets the voting period.
    event VotingPeriodSet(uint32 votingPeriod);
    /// @notice Emitted when the owner sets the proposal threshold.
    event ProposalThresholdSet(uint96 proposalThreshold);
    /// @notice Emitted when the owner sets the cap on open proposals per proposer.
    event MaxOpenProposalsSet(uint8 maxOpenProposals);
    /// @notice Emitted when the owner sets the quorum.
    event QuorumBpsSet(uint16 quorumBps);
    /// @notice Emitted when the owner sets the human turnout needed.
    event MinHumanTurnoutSet(uint32 minHumanTurnout);
    /// @notice Emitted when the owner sets the queue period.
    event QueuePeriodSet(uint32 queuePeriod);
    /// @notice Emitted when the owner sets the feedback weights.
    event FeedbackWeightsSet(uint64 executedGainWeight, uint64 defeatedLossWeight, uint64 vetoedLossWeight);

    /// @notice No proposal with this id.
    error ReputationGovernorUnknownProposal(uint256 proposalId);
    /// @notice The same proposer made the same proposal in the same second.
    error ReputationGovernorProposalExists(uint256 proposalId);
    /// @notice A proposal without actions.
    error ReputationGovernorEmptyProposal();
    /// @notice The proposer's current power is below the threshold.
    error ReputationGovernorBelowThreshold(address proposer, uint256 power, uint256 threshold);
    /// @notice The proposer already has the most pending or active proposals allowed.
    error ReputationGovernorTooManyOpenProposals(address proposer, uint256 open);
    /// @notice The proposal is not in a state this call accepts.
    error ReputationGovernorWrongState(uint256 proposalId, ProposalState state);
    /// @notice The account already voted on this proposal.
    error ReputationGovernorAlreadyVoted(uint256 proposalId, address voter);
    /// @notice A choice other than 0 (against), 1 (for) or 2 (abstain).
    error ReputationGovernorInvalidSupport(uint8 support);
    /// @notice A weight or a tally beyond the 80 bits a tally holds.
    error ReputationGovernorWeightOverflow(uint256 weight);
    /// @notice The proposal has no human house.
    error ReputationGovernorNoHumanHouse(uint256 proposalId);
    /// @notice The proof's scope is not this proposal's human vote scope.
    error ReputationGovernorWrongScope(uint256 expected, uint256 scope);
    /// @notice The proof's message is not the choice submitted with it.
    error ReputationGovernorWrongMessage(uint8 support, uint256 message);
    /// @notice This nullifier has already voted.
    error ReputationGovernorNullifierUsed(uint256 nullifier);
    /// @notice The actions or the description are not those of the proposal.
    error ReputationGovernorActionsMismatch(uint256 proposalId);
    /// @notice No timelock is set yet.
    error ReputationGovernorTimelockNotSet();
    /// @notice The proposal's feedback has already been recorded.
    error ReputationGovernorFeedbackSettled(uint256 proposalId);
    /// @notice A setting outside its bounds; `name` says which.
    error ReputationGovernorInvalidSetting(string name, uint256 value);

    /// @notice Makes a proposal. The caller's current power must reach the threshold and it may
    /// have at most `maxOpenProposals` pending or active proposals. Weights count as they stood at
    /// the end of the previous second; voting runs from now + votingDelay for votingPeriod.
    /// @param actions The calls the timelock will make if the proposal passes (at least one).
    /// @param description Human-readable text; only its hash is kept (in the id).
    /// @param requireHumans Whether the proposal also needs a majority of verified humans.
    /// @return proposalId keccak256(abi.encode(proposer, snapshot, actions, keccak256(description))).
    function propose(
        IAgentTimelock.Action[] calldata actions,
        string calldata description,
        bool requireHumans
    ) external returns (uint256 proposalId);

    /// @notice Votes with the caller's snapshot power, less what its delegators already cast; takes
    /// its own weight back from the vote of the first delegate above it that voted.
    /// @param support 0 against, 1 for, 2 abstain.
    function castVote(uint256 proposalId, uint8 support) external;

    /// @notice Counts one verified human's vote on a proposal that requires humans. Anyone may
    /// submit it (relayers): the proof binds the choice (message = support) and the proposal
    /// (scope = `humanVoteScope`), and its nullifier can vote once.
    function castHumanVote(uint256 proposalId, uint8 support, ISemaphore.SemaphoreProof calldata proof) external;

    /// @notice Queues a succeeded proposal in the timelock. Anyone may call it with the
    /// proposal's actions and description.
    /// @return requestId The timelock request now holding the actions.
    function queue(
        uint256 proposalId,
        IAgentTimelock.Action[] calldata actions,
        string calldata description
    ) external returns (uint256 requestId);

    /// @notice Moves the proposer's governance karma by the outcome of a defeated, vetoed or
    /// executed proposal, once, then syncs its voting weight. Anyone may call it.
    function settleFeedback(uint256 proposalId) external;

    /// @notice Sets the timelock that queues passed proposals. Owner only.
    function setTimelock(IAgentTimelock newTimelock) external;
    /// @notice Sets the voting delay (at most 30 days). Owner only; applies to new proposals.
    function setVotingDelay(uint32 votingDelay) external;
    /// @notice Sets the voting period (1 hour to 90 days). Owner only; applies to new proposals.
    function setVotingPeriod(uint32 votingPeriod) external;
    /// @notice Sets the proposal threshold (at most 1e18). Owner only.
    function setProposalThreshold(uint96 proposalThreshold) external;
    /// @notice Sets the cap on pending or active proposals per proposer (1 to 6). Owner only.
    function setMaxOpenProposals(uint8 maxOpenProposals) external;
    /// @notice Sets the quorum (1 to 10,000 bps). Owner only; applies to new proposals.
    function setQuorumBps(uint16 quorumBps) external;
    /// @notice Sets the human turnout (at most 1,000,000). Owner only; applies to new proposals.
    function setMinHumanTurnout(uint32 minHumanTurnout) external;
    /// @notice Sets the queue period (1 hour to 90 days). Owner only; applies to every succeeded
    /// proposal not yet queued.
    function setQueuePeriod(uint32 queuePeriod) external;
    /// @notice Sets the feedback weights (each at most 1e18). Owner only.
    function setFeedbackWeights(uint64 executedGainWeight, uint64 defeatedLossWeight, uint64 vetoedLossWeight) external;

    /// @notice The vote ledger weights are read from.
    function votes() external view returns (IReputationVotes);
    /// @notice The karma registry feedback goes to.
    function karma() external view returns (IKarmaRegistry);
    /// @notice The registry verifying human votes.
    function personhood() external view returns (IPersonhoodRegistry);
    /// @notice The timelock passed proposals are queued in.
    function timelock() external view returns (IAgentTimelock);
    /// @notice The current settings.
    function settings() external view returns (Settings memory);
    /// @notice The proposal's stored data (all zero for an unknown id).
    function proposal(uint256 proposalId) external view returns (ProposalCore memory);
    /// @notice The reputation-weighted tallies.
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes);
    /// @notice The human tallies and the turnout the proposal needs.
    function humanVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes, uint256 minTurnout);
    /// @notice `account`'s receipt on the proposal.
    function receipt(uint256 proposalId, address account) external view returns (Receipt memory);
    /// @notice Weight for + against + abstain must reach: ceil(total snapshot weight * quorumBps / 10,000).
    function quorum(uint256 proposalId) external view returns (uint256);
    /// @notice The proposal's state now (reverts for an unknown id).
    function state(uint256 proposalId) external view returns (ProposalState);
    /// @notice The Semaphore scope a human vote proof on the proposal must use:
    /// uint256(keccak256(abi.encode(block.chainid, address(this), proposalId))).
    function humanVoteScope(uint256 proposalId) external view returns (uint256);
    /// @notice How many of `proposer`'s proposals are pending or active.
    function openProposalsOf(address proposer) external view returns (uint256);
    /// @notice The id `propose` gives to these inputs.
    function hashProposal(
        address proposer,
        uint256 snapshot,
        IAgentTimelock.Action[] calldata actions,
        bytes32 descriptionHash
    ) external pure returns (uint256);
}
