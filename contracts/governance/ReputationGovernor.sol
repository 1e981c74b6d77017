// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {ISemaphore} from "@semaphore-protocol/contracts/interfaces/ISemaphore.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {GuardedOwnable} from "../access/GuardedOwnable.sol";
import {IAgentTimelock} from "../interfaces/IAgentTimelock.sol";
import {IKarmaRegistry} from "../interfaces/IKarmaRegistry.sol";
import {IPersonhoodRegistry} from "../interfaces/IPersonhoodRegistry.sol";
import {IReputationGovernor} from "../interfaces/IReputationGovernor.sol";
import {IReputationVotes} from "../interfaces/IReputationVotes.sol";

/// @title ReputationGovernor
/// @notice Proposals voted on with governance reputation through liquid delegation with
/// override, an optional house of verified humans, queueing into the agent timelock, and karma
/// feedback to the proposer.
/// @dev Proposal ids are keccak256(abi.encode(proposer, snapshot, actions, descriptionHash)), as in
/// OpenZeppelin's Governor but with the proposer and the second: the actions and the description
/// live only in the ProposalCreated event, `queue` takes them again and checks them against the
/// id, so `propose` stores no action data at all. A counter would need the actions' hash stored
/// next to it (a fresh slot, 20,000 gas) and a global counter written on every proposal; the
/// proposer and the second in the hash make an id unique (the same text can be proposed again)
/// and stop a front-runner from taking someone else's id.
///
/// Storage per proposal, all written by `propose` so that the first vote on a proposal finds its
/// tally slot already non-zero (a vote then writes one fresh slot, its own receipt):
/// - `_proposals`: proposer, snapshot, offsets of the voting window and flags, one slot, which
///   is all `castVote` reads of the proposal;
/// - `_tallies`: the three tallies (80 bits each: up to 1.2 million accounts at full karma) and
///   the quorum, fixed when the proposal is made so that a later change of the rule cannot flip
///   the outcome of a proposal already made;
/// - `_humanTallies`, only for proposals that require humans: three counts and the turnout, fixed
///   likewise.
/// Pausing (guardian) stops `propose` only: votes, human votes, queueing and feedback on proposals
/// already made keep working, so a pause can never be used to let a proposal fail or expire.
contract ReputationGovernor is IReputationGovernor, GuardedOwnable {
    /// @notice The karma dimension that weighs votes and that the feedback moves.
    uint16 public constant GOVERNANCE = 4;

    uint256 private constant BPS = 10_000;
    uint64 private constant WAD = 1e18;
    uint32 private constant MAX_VOTING_DELAY = 30 days;
    uint32 private constant MIN_PERIOD = 1 hours;
    uint32 private constant MAX_PERIOD = 90 days;
    uint8 private constant RING_SIZE = 6;
    uint32 private constant MAX_HUMAN_TURNOUT = 1_000_000;
    uint256 private constant MAX_TALLY = type(uint80).max;
    uint256 private constant MASK40 = (1 << 40) - 1;
    uint8 private constant REQUIRE_HUMANS = 1;
    uint8 private constant FEEDBACK_SETTLED = 2;

    /// @dev One slot. The voting window is kept as offsets from the snapshot (24 bits each, which
    /// the bounds on the delay and the period respect) so that it fits next to the proposer.
    struct Proposal {
        address proposer;
        uint40 snapshot;
        uint24 startOffset; // voteStart - snapshot
        uint24 duration; // voteEnd - voteStart
        uint8 flags;
    }

    /// @dev One slot, indexed by the support value (0 against, 1 for, 2 abstain).
    struct Tally {
        uint80 againstVotes;
        uint80 forVotes;
        uint80 abstainVotes;
        uint16 quorumBps;
    }

    /// @dev One slot, only for proposals that require humans.
    struct HumanTally {
        uint32 againstVotes;
        uint32 forVotes;
        uint32 abstainVotes;
        uint32 minTurnout;
    }

    /// @dev The timelock is kept with the request id: if the owner later replaces the timelock,
    /// proposals queued in the old one still read their state from it.
    struct QueuedRequest {
        IAgentTimelock timelock;
        uint256 requestId;
    }

    /// @inheritdoc IReputationGovernor
    IReputationVotes public immutable votes;
    /// @inheritdoc IReputationGovernor
    IKarmaRegistry public immutable karma;
    /// @inheritdoc IReputationGovernor
    IPersonhoodRegistry public immutable personhood;
    /// @inheritdoc IReputationGovernor
    IAgentTimelock public timelock;

    /// @dev Everything `propose` reads sits in the first slot (see Settings).
    Settings private _settings;

    mapping(uint256 proposalId => Proposal) private _proposals;
    mapping(uint256 proposalId => Tally) private _tallies;
    mapping(uint256 proposalId => HumanTally) private _humanTallies;
    mapping(uint256 proposalId => QueuedRequest) private _queued;
    mapping(uint256 proposalId => mapping(address account => Receipt)) private _receipts;
    /// @dev Up to six vote-end times (40 bits each) of a proposer's latest proposals: an entry in
    /// the past is free. One slot per proposer, so the cap costs one read and one write.
    mapping(address proposer => uint256 ring) private _openRing;
    /// @dev Nullifiers are unique per (person, scope) and the scope is per proposal, so one set
    /// serves every proposal.
    mapping(uint256 nullifier => bool) private _nullifierUsed;

    constructor(
        address initialOwner,
        address initialGuardian,
        IReputationVotes votes_,
        IKarmaRegistry karma_,
        IPersonhoodRegistry personhood_,
        Settings memory settings_
    ) GuardedOwnable(initialOwner, initialGuardian) {
        votes = votes_;
        karma = karma_;
        personhood = personhood_;
        _setVotingDelay(settings_.votingDelay);
        _setVotingPeriod(settings_.votingPeriod);
        _setProposalThreshold(settings_.proposalThreshold);
        _setMaxOpenProposals(settings_.maxOpenProposals);
        _setQuorumBps(settings_.quorumBps);
        _setMinHumanTurnout(settings_.minHumanTurnout);
        _setQueuePeriod(settings_.queuePeriod);
        _setFeedbackWeights(settings_.executedGainWeight, settings_.defeatedLossWeight, settings_.vetoedLossWeight);
    }

    // ---------------------------------------------------------------- proposing

    /// @inheritdoc IReputationGovernor
    function propose(
        IAgentTimelock.Action[] calldata actions,
        string calldata description,
        bool requireHumans
    ) external whenNotPaused returns (uint256 proposalId) {
        if (actions.length == 0) revert ReputationGovernorEmptyProposal();
        Settings storage s = _settings;
        uint256 threshold = s.proposalThreshold;
        uint256 votingPeriod = s.votingPeriod;
        // Weights are read "at the end of second snapshot": nothing done in this second counts.
        uint256 snapshot = block.timestamp - 1;
        uint256 voteStart = block.timestamp + s.votingDelay;
        uint256 voteEnd = voteStart + votingPeriod;
        _reserveOpenSlot(msg.sender, voteEnd, s.maxOpenProposals);
        uint16 quorumBps = s.quorumBps;
        uint32 minHumanTurnout = s.minHumanTurnout;

        uint256 power = votes.powerOf(msg.sender);
        if (power < threshold) revert ReputationGovernorBelowThreshold(msg.sender, power, threshold);

        proposalId = _hash(msg.sender, snapshot, actions, keccak256(bytes(description)));
        Proposal storage p = _proposals[proposalId];
        if (p.proposer != address(0)) revert ReputationGovernorProposalExists(proposalId);
        _proposals[proposalId] = Proposal({
            proposer: msg.sender,
            snapshot: uint40(snapshot),
            startOffset: uint24(voteStart - snapshot),
            duration: uint24(votingPeriod),
            flags: requireHumans ? REQUIRE_HUMANS : 0
        });
        _tallies[proposalId] = Tally({againstVotes: 0, forVotes: 0, abstainVotes: 0, quorumBps: quorumBps});
        if (requireHumans) {
            _humanTallies[proposalId] = HumanTally({
                againstVotes: 0,
                forVotes: 0,
                abstainVotes: 0,
                minTurnout: minHumanTurnout
            });
        }
        emit ProposalCreated(
            proposalId,
            msg.sender,
            actions,
            description,
            requireHumans,
            uint40(snapshot),
            uint40(voteStart),
            uint40(voteEnd)
        );
    }

    // ---------------------------------------------------------------- voting

    /// @inheritdoc IReputationGovernor
    function castVote(uint256 proposalId, uint8 support) external {
        if (support > 2) revert ReputationGovernorInvalidSupport(support);
        Proposal memory p = _proposals[proposalId];
        _requireActive(proposalId, p);
        mapping(address account => Receipt) storage receipts = _receipts[proposalId];
        Receipt memory mine = receipts[msg.sender];
        if (mine.voted) revert ReputationGovernorAlreadyVoted(proposalId, msg.sender);

        (uint256 power, address[] memory chain) = votes.powerAndChainAt(msg.sender, p.snapshot);
        // What delegators below already cast themselves is theirs, not the caller's.
        uint256 weight = power - mine.taken;
        if (weight > MAX_TALLY) revert ReputationGovernorWeightOverflow(weight);
        receipts[msg.sender] = Receipt({voted: true, support: support, weight: uint80(weight), taken: mine.taken});

        Tally memory tally = _tallies[proposalId];
        _addTally(tally, support, weight);
        if (weight != 0) {
            // Every ancestor learns that this part of its subtree is spoken for. The first one
            // that voted had counted it: it gives it back, and the ancestors above it never
            // counted it (that vote took the voted ancestor's whole remaining power).
            for (uint256 i; i < chain.length; ++i) {
                address above = chain[i];
                Receipt memory a = receipts[above];
                a.taken += uint80(weight);
                if (a.voted) a.weight -= uint80(weight);
                receipts[above] = a;
                if (a.voted) {
                    _subTally(tally, a.support, weight);
                    emit VoteOverridden(proposalId, above, msg.sender, weight);
                    break;
                }
            }
        }
        _tallies[proposalId] = tally;
        emit VoteCast(proposalId, msg.sender, support, weight);
    }

    /// @inheritdoc IReputationGovernor
    function castHumanVote(uint256 proposalId, uint8 support, ISemaphore.SemaphoreProof calldata proof) external {
        if (support > 2) revert ReputationGovernorInvalidSupport(support);
        Proposal memory p = _proposals[proposalId];
        if (p.proposer == address(0)) revert ReputationGovernorUnknownProposal(proposalId);
        if (p.flags & REQUIRE_HUMANS == 0) revert ReputationGovernorNoHumanHouse(proposalId);
        _requireActive(proposalId, p);
        uint256 scope = humanVoteScope(proposalId);
        if (proof.scope != scope) revert ReputationGovernorWrongScope(scope, proof.scope);
        // The choice is inside the proof: a relayer cannot change it.
        if (proof.message != support) revert ReputationGovernorWrongMessage(support, proof.message);
        if (_nullifierUsed[proof.nullifier]) revert ReputationGovernorNullifierUsed(proof.nullifier);
        _nullifierUsed[proof.nullifier] = true;
        personhood.verifyProof(proof);

        HumanTally storage h = _humanTallies[proposalId];
        if (support == 0) ++h.againstVotes;
        else if (support == 1) ++h.forVotes;
        else ++h.abstainVotes;
        emit HumanVoteCast(proposalId, support, proof.nullifier);
    }

    // ---------------------------------------------------------------- after the vote

    /// @inheritdoc IReputationGovernor
    function queue(
        uint256 proposalId,
        IAgentTimelock.Action[] calldata actions,
        string calldata description
    ) external returns (uint256 requestId) {
        Proposal memory p = _proposals[proposalId];
        ProposalState current = _state(proposalId, p);
        if (current != ProposalState.Succeeded) revert ReputationGovernorWrongState(proposalId, current);
        bytes32 descriptionHash = keccak256(bytes(description));
        if (_hash(p.proposer, p.snapshot, actions, descriptionHash) != proposalId) {
            revert ReputationGovernorActionsMismatch(proposalId);
        }
        IAgentTimelock target = timelock;
        if (address(target) == address(0)) revert ReputationGovernorTimelockNotSet();
        // Marked queued before the call: a re-entrant queue finds the proposal no longer Succeeded.
        QueuedRequest storage q = _queued[proposalId];
        q.timelock = target;
        requestId = target.queueProposal(proposalId, actions, descriptionHash);
        q.requestId = requestId;
        emit ProposalQueued(proposalId, address(target), requestId);
    }

    /// @inheritdoc IReputationGovernor
    function settleFeedback(uint256 proposalId) external {
        Proposal storage stored = _proposals[proposalId];
        Proposal memory p = stored;
        ProposalState current = _state(proposalId, p);
        if (p.flags & FEEDBACK_SETTLED != 0) revert ReputationGovernorFeedbackSettled(proposalId);
        uint64 outcome;
        uint64 weight;
        if (current == ProposalState.Executed) {
            outcome = WAD;
            weight = _settings.executedGainWeight;
        } else if (current == ProposalState.Defeated) {
            weight = _settings.defeatedLossWeight;
        } else if (current == ProposalState.Vetoed) {
            weight = _settings.vetoedLossWeight;
        } else {
            revert ReputationGovernorWrongState(proposalId, current);
        }
        stored.flags = p.flags | FEEDBACK_SETTLED;
        // The karma EMA bounds the feedback: a gain moves toward 1.0, a loss toward 0.
        if (weight != 0) karma.recordOutcome(p.proposer, GOVERNANCE, outcome, weight);
        votes.sync(p.proposer);
        emit FeedbackSettled(proposalId, p.proposer, current, outcome, weight);
    }

    // ---------------------------------------------------------------- owner

    /// @inheritdoc IReputationGovernor
    function setTimelock(IAgentTimelock newTimelock) external onlyOwner {
        if (address(newTimelock) == address(0)) revert ReputationGovernorInvalidSetting("timelock", 0);
        timelock = newTimelock;
        emit TimelockSet(address(newTimelock));
    }

    /// @inheritdoc IReputationGovernor
    function setVotingDelay(uint32 votingDelay) external onlyOwner {
        _setVotingDelay(votingDelay);
    }

    /// @inheritdoc IReputationGovernor
    function setVotingPeriod(uint32 votingPeriod) external onlyOwner {
        _setVotingPeriod(votingPeriod);
    }

    /// @inheritdoc IReputationGovernor
    function setProposalThreshold(uint96 proposalThreshold) external onlyOwner {
        _setProposalThreshold(proposalThreshold);
    }

    /// @inheritdoc IReputationGovernor
    function setMaxOpenProposals(uint8 maxOpenProposals) external onlyOwner {
        _setMaxOpenProposals(maxOpenProposals);
    }

    /// @inheritdoc IReputationGovernor
    function setQuorumBps(uint16 quorumBps) external onlyOwner {
        _setQuorumBps(quorumBps);
    }

    /// @inheritdoc IReputationGovernor
    function setMinHumanTurnout(uint32 minHumanTurnout) external onlyOwner {
        _setMinHumanTurnout(minHumanTurnout);
    }

    /// @inheritdoc IReputationGovernor
    function setQueuePeriod(uint32 queuePeriod) external onlyOwner {
        _setQueuePeriod(queuePeriod);
    }

    /// @inheritdoc IReputationGovernor
    function setFeedbackWeights(
        uint64 executedGainWeight,
        uint64 defeatedLossWeight,
        uint64 vetoedLossWeight
    ) external onlyOwner {
        _setFeedbackWeights(executedGainWeight, defeatedLossWeight, vetoedLossWeight);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IReputationGovernor
    function settings() external view returns (Settings memory) {
        return _settings;
    }

    /// @inheritdoc IReputationGovernor
    function proposal(uint256 proposalId) external view returns (ProposalCore memory core) {
        Proposal memory p = _proposals[proposalId];
        QueuedRequest memory q = _queued[proposalId];
        core.proposer = p.proposer;
        core.snapshot = p.snapshot;
        (core.voteStart, core.voteEnd) = _window(p);
        core.quorumBps = _tallies[proposalId].quorumBps;
        core.requireHumans = p.flags & REQUIRE_HUMANS != 0;
        core.feedbackSettled = p.flags & FEEDBACK_SETTLED != 0;
        core.timelock = address(q.timelock);
        core.requestId = q.requestId;
    }

    /// @inheritdoc IReputationGovernor
    function proposalVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes) {
        Tally memory t = _tallies[proposalId];
        return (t.againstVotes, t.forVotes, t.abstainVotes);
    }

    /// @inheritdoc IReputationGovernor
    function humanVotes(
        uint256 proposalId
    ) external view returns (uint256 againstVotes, uint256 forVotes, uint256 abstainVotes, uint256 minTurnout) {
        HumanTally memory h = _humanTallies[proposalId];
        return (h.againstVotes, h.forVotes, h.abstainVotes, h.minTurnout);
    }

    /// @inheritdoc IReputationGovernor
    function receipt(uint256 proposalId, address account) external view returns (Receipt memory) {
        return _receipts[proposalId][account];
    }

    /// @inheritdoc IReputationGovernor
    function quorum(uint256 proposalId) external view returns (uint256) {
        Proposal memory p = _proposals[proposalId];
        if (p.proposer == address(0)) revert ReputationGovernorUnknownProposal(proposalId);
        return Math.ceilDiv(votes.totalWeightAt(p.snapshot) * _tallies[proposalId].quorumBps, BPS);
    }

    /// @inheritdoc IReputationGovernor
    function state(uint256 proposalId) external view returns (ProposalState) {
        return _state(proposalId, _proposals[proposalId]);
    }

    /// @inheritdoc IReputationGovernor
    function humanVoteScope(uint256 proposalId) public view returns (uint256) {
        return uint256(keccak256(abi.encode(block.chainid, address(this), proposalId)));
    }

    /// @inheritdoc IReputationGovernor
    function openProposalsOf(address proposer) external view returns (uint256 open) {
        uint256 ring = _openRing[proposer];
        for (uint256 i; i < RING_SIZE; ++i) {
            if ((ring >> (i * 40)) & MASK40 >= block.timestamp) ++open;
        }
    }

    /// @inheritdoc IReputationGovernor
    function hashProposal(
        address proposer,
        uint256 snapshot,
        IAgentTimelock.Action[] calldata actions,
        bytes32 descriptionHash
    ) external pure returns (uint256) {
        return _hash(proposer, snapshot, actions, descriptionHash);
    }

    // ---------------------------------------------------------------- internals

    function _hash(
        address proposer,
        uint256 snapshot,
        IAgentTimelock.Action[] calldata actions,
        bytes32 descriptionHash
    ) private pure returns (uint256) {
        return uint256(keccak256(abi.encode(proposer, snapshot, actions, descriptionHash)));
    }

    /// @dev Counts the proposer's pending or active proposals (vote end not yet passed) and puts
    /// `voteEnd` in a free entry. Entries beyond a lowered cap still count until they close.
    function _reserveOpenSlot(address proposer, uint256 voteEnd, uint256 maxOpen) private {
        uint256 ring = _openRing[proposer];
        uint256 open;
        uint256 free = RING_SIZE;
        for (uint256 i; i < RING_SIZE; ++i) {
            if ((ring >> (i * 40)) & MASK40 >= block.timestamp) ++open;
            else if (free == RING_SIZE) free = i;
        }
        // maxOpen <= RING_SIZE, so a free entry exists whenever this passes.
        if (open >= maxOpen) revert ReputationGovernorTooManyOpenProposals(proposer, open);
        uint256 shift = free * 40;
        _openRing[proposer] = (ring & ~(MASK40 << shift)) | (voteEnd << shift);
    }

    function _window(Proposal memory p) private pure returns (uint40 voteStart, uint40 voteEnd) {
        voteStart = p.snapshot + p.startOffset;
        voteEnd = voteStart + p.duration;
    }

    function _requireActive(uint256 proposalId, Proposal memory p) private view {
        if (p.proposer == address(0)) revert ReputationGovernorUnknownProposal(proposalId);
        (uint40 voteStart, uint40 voteEnd) = _window(p);
        if (block.timestamp < voteStart || block.timestamp > voteEnd) {
            revert ReputationGovernorWrongState(proposalId, _state(proposalId, p));
        }
    }

    function _state(uint256 proposalId, Proposal memory p) private view returns (ProposalState) {
        if (p.proposer == address(0)) revert ReputationGovernorUnknownProposal(proposalId);
        QueuedRequest storage q = _queued[proposalId];
        IAgentTimelock queuedIn = q.timelock;
        if (address(queuedIn) != address(0)) return _fromTimelock(queuedIn.requestState(q.requestId));
        (uint40 voteStart, uint40 voteEnd) = _window(p);
        if (block.timestamp < voteStart) return ProposalState.Pending;
        if (block.timestamp <= voteEnd) return ProposalState.Active;
        if (!_passed(proposalId, p)) return ProposalState.Defeated;
        if (block.timestamp > uint256(voteEnd) + _settings.queuePeriod) return ProposalState.Expired;
        return ProposalState.Succeeded;
    }

    function _passed(uint256 proposalId, Proposal memory p) private view returns (bool) {
        Tally memory t = _tallies[proposalId];
        if (t.forVotes <= t.againstVotes) return false;
        uint256 participation = uint256(t.againstVotes) + t.forVotes + t.abstainVotes;
        if (participation * BPS < votes.totalWeightAt(p.snapshot) * t.quorumBps) return false;
        if (p.flags & REQUIRE_HUMANS != 0) {
            HumanTally memory h = _humanTallies[proposalId];
            if (h.forVotes <= h.againstVotes) return false;
            if (uint256(h.againstVotes) + h.forVotes + h.abstainVotes < h.minTurnout) return false;
        }
        return true;
    }

    /// @dev A request the timelock cancelled did not run and was not the humans' doing: it reads
    /// as Expired (no feedback), like a passed proposal never executed.
    function _fromTimelock(IAgentTimelock.RequestState requestState) private pure returns (ProposalState) {
        if (requestState == IAgentTimelock.RequestState.Executed) return ProposalState.Executed;
        if (requestState == IAgentTimelock.RequestState.Vetoed) return ProposalState.Vetoed;
        if (
            requestState == IAgentTimelock.RequestState.Expired || requestState == IAgentTimelock.RequestState.Cancelled
        ) return ProposalState.Expired;
        return ProposalState.Queued;
    }

    function _addTally(Tally memory t, uint8 support, uint256 weight) private pure {
        uint256 sum;
        if (support == 0) sum = t.againstVotes + weight;
        else if (support == 1) sum = t.forVotes + weight;
        else sum = t.abstainVotes + weight;
        if (sum > MAX_TALLY) revert ReputationGovernorWeightOverflow(sum);
        if (support == 0) t.againstVotes = uint80(sum);
        else if (support == 1) t.forVotes = uint80(sum);
        else t.abstainVotes = uint80(sum);
    }

    /// @dev `weight` was part of the tally it leaves: checked arithmetic cannot underflow here
    /// unless the vote ledger contradicts itself, and then reverting is the safe answer.
    function _subTally(Tally memory t, uint8 support, uint256 weight) private pure {
        if (support == 0) t.againstVotes -= uint80(weight);
        else if (support == 1) t.forVotes -= uint80(weight);
        else t.abstainVotes -= uint80(weight);
    }

    function _setVotingDelay(uint32 votingDelay) private {
        if (votingDelay > MAX_VOTING_DELAY) revert ReputationGovernorInvalidSetting("votingDelay", votingDelay);
        _settings.votingDelay = votingDelay;
        emit VotingDelaySet(votingDelay);
    }

    function _setVotingPeriod(uint32 votingPeriod) private {
        if (votingPeriod < MIN_PERIOD || votingPeriod > MAX_PERIOD) {
            revert ReputationGovernorInvalidSetting("votingPeriod", votingPeriod);
        }
        _settings.votingPeriod = votingPeriod;
        emit VotingPeriodSet(votingPeriod);
    }

    function _setProposalThreshold(uint96 proposalThreshold) private {
        if (proposalThreshold > WAD) revert ReputationGovernorInvalidSetting("proposalThreshold", proposalThreshold);
        _settings.proposalThreshold = proposalThreshold;
        emit ProposalThresholdSet(proposalThreshold);
    }

    function _setMaxOpenProposals(uint8 maxOpenProposals) private {
        if (maxOpenProposals == 0 || maxOpenProposals > RING_SIZE) {
            revert ReputationGovernorInvalidSetting("maxOpenProposals", maxOpenProposals);
        }
        _settings.maxOpenProposals = maxOpenProposals;
        emit MaxOpenProposalsSet(maxOpenProposals);
    }

    function _setQuorumBps(uint16 quorumBps) private {
        if (quorumBps == 0 || quorumBps > BPS) revert ReputationGovernorInvalidSetting("quorumBps", quorumBps);
        _settings.quorumBps = quorumBps;
        emit QuorumBpsSet(quorumBps);
    }

    function _setMinHumanTurnout(uint32 minHumanTurnout) private {
        if (minHumanTurnout > MAX_HUMAN_TURNOUT) {
            revert ReputationGovernorInvalidSetting("minHumanTurnout", minHumanTurnout);
        }
        _settings.minHumanTurnout = minHumanTurnout;
        emit MinHumanTurnoutSet(minHumanTurnout);
    }

    function _setQueuePeriod(uint32 queuePeriod) private {
        if (queuePeriod < MIN_PERIOD || queuePeriod > MAX_PERIOD) {
            revert ReputationGovernorInvalidSetting("queuePeriod", queuePeriod);
        }
        _settings.queuePeriod = queuePeriod;
        emit QueuePeriodSet(queuePeriod);
    }

    function _setFeedbackWeights(
        uint64 executedGainWeight,
        uint64 defeatedLossWeight,
        uint64 vetoedLossWeight
    ) private {
        if (executedGainWeight > WAD) revert ReputationGovernorInvalidSetting("executedGainWeight", executedGainWeight);
        if (defeatedLossWeight > WAD) revert ReputationGovernorInvalidSetting("defeatedLossWeight", defeatedLossWeight);
        if (vetoedLossWeight > WAD) revert ReputationGovernorInvalidSetting("vetoedLossWeight", vetoedLossWeight);
        _settings.executedGainWeight = executedGainWeight;
        _settings.defeatedLossWeight = defeatedLossWeight;
        _settings.vetoedLossWeight = vetoedLossWeight;
        emit FeedbackWeightsSet(executedGainWeight, defeatedLossWeight, vetoedLossWeight);
    }
}
